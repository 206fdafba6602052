import { reopenYearSchema } from '@cpe/shared';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { zodRule } from '../../components/zodRule.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { useClosure, useClosureActions } from './api.ts';

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
const statusTag = {
  open: <Tag>未关闭</Tag>,
  closed: <Tag color="red">已关闭</Tag>,
  reopened: <Tag color="orange">已重新开放</Tag>,
};

/**
 * 年度关闭: closing freezes each member's standing for the year with the rule version used; the year's
 * hours change again only after a re-opening with a reason (both audited).
 */
export function ClosureSection({ year }: { year: number }) {
  const closure = useClosure(year);
  const [confirming, setConfirming] = useState(false);
  const [reopening, setReopening] = useState(false);
  if (closure.isPending) return <LoadingCard rows={3} />;
  if (closure.isError) return <ErrorAlert error={closure.error} onRetry={() => closure.refetch()} />;
  const c = closure.data;
  return (
    <Card title="年度关闭">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="状态">
          <span data-testid="closure-status">{statusTag[c.status]}</span>
        </Descriptions.Item>
        {c.status !== 'open' && (
          <>
            <Descriptions.Item label="关闭时间">{when(c.closedAt)}</Descriptions.Item>
            <Descriptions.Item label="关闭人">{c.closedBy ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="冻结所用规则版本">{c.ruleVersion}</Descriptions.Item>
          </>
        )}
        {c.status === 'reopened' && (
          <>
            <Descriptions.Item label="重新开放时间">{when(c.reopenedAt)}</Descriptions.Item>
            <Descriptions.Item label="重新开放人">{c.reopenedBy ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="重新开放理由">{c.reopenReason}</Descriptions.Item>
          </>
        )}
      </Descriptions>
      <Space style={{ marginTop: 16 }}>
        {c.status === 'closed' ? (
          <Button onClick={() => setReopening(true)}>重新开放年度</Button>
        ) : (
          <Button type="primary" danger onClick={() => setConfirming(true)}>
            关闭{year}年度
          </Button>
        )}
      </Space>
      {confirming && <CloseModal year={year} onClose={() => setConfirming(false)} />}
      {reopening && <ReopenModal year={year} onClose={() => setReopening(false)} />}
    </Card>
  );
}

function CloseModal({ year, onClose }: { year: number; onClose: () => void }) {
  const { close } = useClosureActions(year);
  const { message } = App.useApp();
  return (
    <Modal
      open
      title={`关闭${year}年度`}
      okText="确认关闭"
      okButtonProps={{ danger: true, loading: close.isPending }}
      onCancel={onClose}
      onOk={() =>
        close.mutate(undefined, {
          onSuccess: () => {
            message.success(`${year}年度已关闭`);
            onClose();
          },
          onError: (e) => message.error(errorMessage(e)),
        })
      }
    >
      <Alert
        type="warning"
        showIcon
        title="关闭后将冻结该年度"
        description={
          <Typography.Paragraph style={{ margin: 0 }}>
            系统先按学时台账更新每位会员的年度达标状态，再连同所用的规则版本一并冻结。关闭期间该年度不能再记入任何学时（网络、面授、产出、豁免），也不能再发送该年度的提醒短信。如需更正，须填写理由重新开放年度，关闭与重新开放均记入审计日志。
          </Typography.Paragraph>
        }
      />
    </Modal>
  );
}

function ReopenModal({ year, onClose }: { year: number; onClose: () => void }) {
  const { reopen } = useClosureActions(year);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = (v: { reason: string }) =>
    reopen.mutate(v.reason, {
      onSuccess: () => {
        message.success(`${year}年度已重新开放`);
        onClose();
      },
      onError: (e) => message.error(errorMessage(e)),
    });
  return (
    <Modal
      open
      title={`重新开放${year}年度`}
      okText="确认重新开放"
      okButtonProps={{ loading: reopen.isPending }}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit)}
    >
      <Typography.Paragraph>
        重新开放后，该年度的学时可以再次变动，达标状态不再冻结。理由将记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="reason" label="重新开放理由" rules={[zodRule(reopenYearSchema.shape.reason)]}>
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
