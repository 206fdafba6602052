import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The first card of a home page: 您好，name, and one paragraph about the user's situation. */
export function GreetingCard({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        您好，{name}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{children}</Typography.Paragraph>
    </Card>
  );
}
