import { Alert, Button, Card, Skeleton } from 'antd';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { learningPaths } from './format.ts';

/** Cards that wrap: one column on a phone, more side by side on wider screens. */
export const cardGrid = (min = 300): CSSProperties => ({
  display: 'grid',
  gap: 16,
  gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${min}px), 1fr))`,
});

/** A page (or part of one) whose data is on the way. */
export function LoadingCard({ rows = 4 }: { rows?: number }) {
  return (
    <Card aria-busy="true">
      <Skeleton active paragraph={{ rows }} />
    </Card>
  );
}

/** A failed query: the server's Chinese message and a way on (choose the institute, or try again). */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const notChosen = error instanceof ApiError && error.code === 'INSTITUTE_NOT_CHOSEN';
  // A 4xx (not found, not allowed) answers the same on a retry.
  const retryable = !(error instanceof ApiError && error.status >= 400 && error.status < 500);
  return (
    <Alert
      type={notChosen ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={errorMessage(error)}
      action={
        notChosen ? (
          <Link to={learningPaths.home}>
            <Button size="small" type="primary">
              选择会计学院
            </Button>
          </Link>
        ) : (
          onRetry &&
          retryable && (
            <Button size="small" onClick={onRetry}>
              重试
            </Button>
          )
        )
      }
    />
  );
}
