import { Alert, Card, Empty, Tag, Typography } from 'antd';
import { useSmsOutbox } from '../../api/recovery.ts';

const statusLabels = { queued: '待发送', sent: '已发送', failed: '发送失败' } as const;

/** Demo mode only: the text messages the development provider kept instead of sending them. */
export function DevSmsOutboxPage() {
  const outbox = useSmsOutbox();
  return (
    <main style={{ maxWidth: 640, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={3}>短信发件箱（演示）</Typography.Title>
      <Typography.Paragraph type="secondary">
        演示环境不真正发送短信，验证码等短信内容显示在这里。每 5 秒刷新。
      </Typography.Paragraph>
      {outbox.isError && <Alert type="warning" showIcon title="短信发件箱仅在演示模式下可用" />}
      {outbox.data?.length === 0 && <Empty description="暂无短信" />}
      {outbox.data?.map((m) => (
        <Card key={m.id} size="small" style={{ marginBottom: 12 }} data-testid="sms">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <strong>{m.phone}</strong>
            <span>
              <Tag>{m.purpose}</Tag>
              <Tag color={m.status === 'sent' ? 'green' : m.status === 'failed' ? 'red' : 'blue'}>
                {statusLabels[m.status]}
              </Tag>
            </span>
          </div>
          <Typography.Paragraph style={{ margin: '8px 0 4px' }}>{m.body}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {new Date(m.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
          </Typography.Text>
        </Card>
      ))}
    </main>
  );
}
