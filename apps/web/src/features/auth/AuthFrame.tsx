import { Card } from 'antd';
import type { ReactNode } from 'react';
import { SYSTEM_NAME } from '../../components/BrandTitle.tsx';
import { brand } from '../../theme.ts';

/** The frame of the login and password-recovery pages: a blue band and one centred card. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div
      style={{
        minHeight: '100vh',
        background: `linear-gradient(180deg, ${brand.header} 0, ${brand.primary} 280px, ${brand.pageBackground} 280px)`,
        padding: '40px 12px 24px',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
      }}
    >
      <header style={{ textAlign: 'center', color: '#fff', marginBottom: 24, maxWidth: '100%' }}>
        {/* plain elements, not antd Typography: the login page is the first page loaded */}
        <h2
          style={{
            color: '#fff',
            margin: 0,
            fontSize: 'clamp(20px, 6vw, 28px)',
            fontWeight: 600,
            lineHeight: 1.35,
          }}
        >
          {SYSTEM_NAME}
        </h2>
        <div style={{ opacity: 0.85, marginTop: 6 }}>执业会员 · 非执业会员 · 管理人员</div>
      </header>
      <Card
        title={title}
        style={{ width: '100%', maxWidth: 420, boxShadow: '0 6px 24px rgba(20, 54, 100, .15)' }}
      >
        {children}
      </Card>
      <p style={{ marginTop: 24, fontSize: 12, textAlign: 'center', color: 'rgba(0, 0, 0, 0.45)' }}>
        技术支持电话：010-88250337、010-88250338
      </p>
    </div>
  );
}
