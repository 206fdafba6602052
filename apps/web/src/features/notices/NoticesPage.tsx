import type { MemberTraining } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Descriptions, Empty, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';

const trainingsKey = ['trainings'] as const;

/** 培训通知: notices for the member's province and type, unread marks, sign-up and cancel. */
export function NoticesPage() {
  const list = useQuery({ queryKey: trainingsKey, queryFn: () => api<MemberTraining[]>('/api/trainings') });
  const [openId, setOpenId] = useState<number | null>(null);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        培训通知
      </Typography.Title>
      {list.isPending && <LoadingCard />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.length === 0 && <Empty description="暂无培训通知" />}
      {list.data?.map((t) => (
        <Card
          key={t.id}
          size="small"
          hoverable
          onClick={() => setOpenId(t.id)}
          data-testid={`notice-${t.title}`}
          title={
            <Space wrap>
              {!t.read && <Badge status="error" text="未读" />}
              <span>{t.title}</span>
            </Space>
          }
          extra={t.mySignup ? <Tag color="success">已报名</Tag> : null}
        >
          <Typography.Text type="secondary">
            {t.startsOn} 至 {t.endsOn} · {t.place} · {t.hours.toFixed(2)} 学时
          </Typography.Text>
        </Card>
      ))}
      {openId !== null && <NoticeDetail id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function NoticeDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['trainings', id],
    queryFn: async () => {
      const t = await api<MemberTraining>(`/api/trainings/${id}`);
      queryClient.invalidateQueries({ queryKey: trainingsKey, exact: true });
      return t;
    },
  });
  const signup = useMutation({
    mutationFn: (cancel: boolean) =>
      api<MemberTraining>(`/api/trainings/${id}/signup`, { method: cancel ? 'DELETE' : 'POST' }),
    onSuccess: (t) => {
      queryClient.setQueryData(['trainings', id], t);
      queryClient.invalidateQueries({ queryKey: trainingsKey, exact: true });
      message.success(t.mySignup ? '报名成功' : '已取消报名');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const t = detail.data;
  return (
    <Modal open title={t?.title ?? '培训通知'} onCancel={onClose} footer={null} width={640}>
      {detail.isPending && <LoadingCard />}
      {detail.isError && <ErrorAlert error={detail.error} />}
      {t && (
        <div style={{ display: 'grid', gap: 12 }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{t.body}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="培训时间">
              {t.startsOn} 至 {t.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label="地点">{t.place}</Descriptions.Item>
            <Descriptions.Item label="学时">
              {t.hours.toFixed(2)} 学时{t.ethics ? '（职业道德）' : ''}
            </Descriptions.Item>
            <Descriptions.Item label="报名截止">{t.signupDeadline}</Descriptions.Item>
            <Descriptions.Item label="名额">
              {t.signedUp}/{t.capacity}
            </Descriptions.Item>
          </Descriptions>
          {t.attended ? (
            <Tag color="success">已记录出勤，学时已计入</Tag>
          ) : t.mySignup ? (
            <Button danger onClick={() => signup.mutate(true)} loading={signup.isPending}>
              取消报名
            </Button>
          ) : (
            <Button
              type="primary"
              onClick={() => signup.mutate(false)}
              loading={signup.isPending}
              disabled={!t.signupOpen}
            >
              {t.signupOpen ? '报名' : '报名已截止或名额已满'}
            </Button>
          )}
        </div>
      )}
    </Modal>
  );
}
