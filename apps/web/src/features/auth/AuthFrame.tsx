import type { ReactNode } from 'react';
import { SYSTEM_NAME } from '../../components/BrandTitle.tsx';
import './auth.css';

/**
 * The frame of the login and password-recovery pages: a blue band and one centred card. Plain elements
 * and CSS (auth.css), not antd: the login page is the first page loaded. index.html paints the same
 * frame before the scripts run.
 */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-frame">
      <header className="auth-header">
        <h2>{SYSTEM_NAME}</h2>
        <p>执业会员 · 非执业会员 · 管理人员</p>
      </header>
      <section className="auth-card" aria-labelledby="auth-card-title">
        <h3 className="auth-card-head" id="auth-card-title">
          {title}
        </h3>
        <div className="auth-card-body">{children}</div>
      </section>
      <p className="auth-footer">技术支持电话：010-88250337、010-88250338</p>
    </div>
  );
}
