import { ToolOutlined } from '@ant-design/icons';
import { Card, Result, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface UnderConstructionProps {
  title: string;
  description: ReactNode;
}

/** A page that a later issue builds: says so plainly, with what it will do. No sample data. */
export function UnderConstruction({ title, description }: UnderConstructionProps) {
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Result
        icon={<ToolOutlined />}
        title="该功能正在建设中"
        subTitle={<span style={{ display: 'inline-block', maxWidth: 560 }}>{description}</span>}
      />
    </Card>
  );
}
