import { Badge, Button, Card, Empty, List, Typography } from 'antd';
import { Link } from 'react-router';
import { useMarkRead, useMessages } from '../../api/claims.ts';
import { PageTitle } from '../learning/LearningPage.tsx';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';

/** 我的消息: decisions on the member's claims and requests; opening one marks it read. */
export function MessagesPage() {
  const messages = useMessages();
  const read = useMarkRead();
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <PageTitle title="我的消息" />
        <Button size="small" onClick={() => read.mutate(null)} disabled={!messages.data?.unread}>
          全部标为已读
        </Button>
      </div>
      {messages.isPending && <LoadingCard rows={4} />}
      {messages.isError && <ErrorAlert error={messages.error} onRetry={() => messages.refetch()} />}
      {messages.data && (
        <Card size="small">
          {messages.data.messages.length === 0 ? (
            <Empty description="暂无消息" />
          ) : (
            <List
              dataSource={messages.data.messages}
              renderItem={(m) => (
                <List.Item onClick={() => !m.read && read.mutate(m.id)} data-testid="message">
                  <List.Item.Meta
                    title={
                      <span>
                        {!m.read && <Badge status="processing" />} {m.title}
                      </span>
                    }
                    description={
                      <>
                        <Typography.Paragraph style={{ marginBottom: 4 }}>{m.body}</Typography.Paragraph>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {m.createdAt.slice(0, 16).replace('T', ' ')}
                        </Typography.Text>{' '}
                        {m.link && <Link to={m.link}>查看</Link>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </div>
  );
}
