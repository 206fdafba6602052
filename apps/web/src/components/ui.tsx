import type { ReactNode } from 'react';
import { ErrorIcon, InfoIcon, WarningIcon } from './icons.tsx';
import './ui.css';

/**
 * The few antd components the member frame and home page show, as plain React and CSS (ui.css): a
 * phone opening the member home downloads no antd.
 */

export function Card({
  title,
  children,
  testId,
}: {
  title?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="ui-card" data-testid={testId}>
      {title && <h3 className="ui-card-head">{title}</h3>}
      <div className="ui-card-body">{children}</div>
    </section>
  );
}

export function Tag({ color, children }: { color?: 'blue' | 'purple' | 'orange'; children: ReactNode }) {
  return <span className={color ? `ui-tag ${color}` : 'ui-tag'}>{children}</span>;
}

const alertIcons = { info: InfoIcon, warning: WarningIcon, error: ErrorIcon };

export function Alert({
  type,
  title,
  description,
  action,
  testId,
}: {
  type: 'info' | 'warning' | 'error';
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  const Icon = alertIcons[type];
  return (
    <div
      className={description ? `ui-alert ${type} has-description` : `ui-alert ${type}`}
      role="alert"
      data-testid={testId}
    >
      <Icon />
      <div className="ui-alert-content">
        <div className="ui-alert-title">{title}</div>
        {description && <div>{description}</div>}
      </div>
      {action && <div className="ui-alert-action">{action}</div>}
    </div>
  );
}

/** A card whose data is on the way (antd's active Skeleton). */
export function LoadingCard({ rows = 4 }: { rows?: number }) {
  return (
    <section className="ui-card" aria-busy="true">
      <div className="ui-card-body">
        <div className="ui-skeleton-line title" />
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders never reorder
          <div key={i} className="ui-skeleton-line" />
        ))}
      </div>
    </section>
  );
}
