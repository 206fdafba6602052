import type { IntegrationKey, IntegrationKeyIssued, IntegrationKeysResponse } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { shanghaiTime } from '../payment/format.ts';

const keysKey = ['institute', 'integration-keys'] as const;

/** 对接密钥: the keys with which the institute's own learning platform signs its hour records. */
export function IntegrationKeysPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<IntegrationKeyIssued | null>(null);
  const keys = useQuery({
    queryKey: keysKey,
    queryFn: () => api<IntegrationKeysResponse>('/api/institute/integration-keys'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keysKey });
  const issue = useMutation({
    mutationFn: () => api<IntegrationKeyIssued>('/api/institute/integration-keys', { method: 'POST' }),
    onSuccess: (key) => {
      setIssued(key);
      void refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const disable = useMutation({
    mutationFn: (keyId: string) =>
      api<null>(`/api/institute/integration-keys/${keyId}/disable`, { method: 'POST' }),
    onSuccess: () => {
      message.success('密钥已停用');
      void refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          对接密钥
        </Typography.Title>
        <Button type="primary" loading={issue.isPending} onClick={() => issue.mutate()}>
          发放新密钥
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        本学院自有学习平台用密钥对学时记录签名后推送至 POST
        /api/integration/v1/hour-records；接收的学时次日记入会员学时。 签名方法、字段与错误代码见系统文档
        docs/integration.md。密钥泄露时请立即停用并发放新密钥。
      </Typography.Paragraph>
      {keys.isError && <Alert type="error" showIcon message={errorMessage(keys.error)} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<IntegrationKey>
          rowKey="keyId"
          size="small"
          loading={keys.isPending}
          pagination={false}
          scroll={{ x: true }}
          dataSource={keys.data?.keys ?? []}
          locale={{ emptyText: '尚未发放密钥' }}
          columns={[
            {
              title: '密钥编号',
              dataIndex: 'keyId',
              render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
            },
            { title: '发放时间', dataIndex: 'createdAt', render: shanghaiTime },
            { title: '发放人', dataIndex: 'createdBy' },
            {
              title: '状态',
              dataIndex: 'disabledAt',
              render: (d: string | null) =>
                d ? <Tag>已停用 {shanghaiTime(d)}</Tag> : <Tag color="green">启用</Tag>,
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, k) =>
                k.disabledAt ? null : (
                  <Popconfirm
                    title="停用后，用该密钥签名的请求将全部被拒收。确定停用？"
                    okText="停用"
                    cancelText="取消"
                    onConfirm={() => disable.mutate(k.keyId)}
                  >
                    <Button size="small" danger>
                      停用
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={issued !== null}
        title="新密钥"
        okText="我已妥善保存"
        cancelButtonProps={{ style: { display: 'none' } }}
        onOk={() => setIssued(null)}
        onCancel={() => setIssued(null)}
      >
        <Alert
          type="warning"
          showIcon
          message="密钥内容只显示这一次，关闭后无法再次查看，请通过安全渠道交给平台技术人员。"
        />
        <Typography.Paragraph style={{ marginTop: 16 }}>
          密钥编号（X-CPE-Key）：
          <Typography.Text copyable code>
            {issued?.keyId}
          </Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph>
          密钥内容：
          <Typography.Text copyable code>
            {issued?.secret}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
