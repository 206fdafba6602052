import type { Order } from '@cpe/shared';
import { Button, Card, Empty, Table, Tag } from 'antd';
import { PageTitle } from '../learning/LearningPage.tsx';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { useMyOrders } from './api.ts';
import { shanghaiTime, statusColor, statusLabel, yuan } from './format.ts';

/** 继续教育 → 交费记录: every order of the member, with the receipt of the paid ones. */
export function PaymentRecordsPage() {
  const orders = useMyOrders();
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <PageTitle title="交费记录" />
      {orders.isPending && <LoadingCard rows={4} />}
      {orders.isError && <ErrorAlert error={orders.error} onRetry={() => orders.refetch()} />}
      {orders.data && (
        <Card styles={{ body: { padding: 0 } }}>
          {orders.data.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无交费记录" style={{ padding: 24 }} />
          ) : (
            <Table<Order>
              rowKey="orderNo"
              size="small"
              pagination={false}
              scroll={{ x: 600 }}
              dataSource={orders.data.items}
              columns={[
                { title: '订单号', dataIndex: 'orderNo' },
                { title: '年度', dataIndex: 'year', render: (y: number) => `${y}年度` },
                { title: '会计学院', dataIndex: 'instituteName' },
                { title: '金额', dataIndex: 'amountFen', render: (f: number) => yuan(f) },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: Order['status']) => <Tag color={statusColor[s]}>{statusLabel(s)}</Tag>,
                },
                { title: '支付时间', dataIndex: 'paidAt', render: (t: string | null) => shanghaiTime(t) },
                {
                  title: '电子收据',
                  key: 'receipt',
                  render: (_: unknown, o: Order) =>
                    o.status === 'paid' ? (
                      <a href={`/api/orders/${o.orderNo}/receipt.pdf`} target="_blank" rel="noreferrer">
                        <Button size="small">查看</Button>
                      </a>
                    ) : null,
                },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
