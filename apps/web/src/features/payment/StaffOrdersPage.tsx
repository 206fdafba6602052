import { orderStatuses, type StaffOrder, type StaffOrdersQuery } from '@cpe/shared';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { staffOrdersUrl, useRefund, useStaffOrders } from './api.ts';
import { shanghaiTime, statusColor, statusLabel, yuan } from './format.ts';

const institutes = [
  { value: 1, label: '北京国家会计学院' },
  { value: 2, label: '上海国家会计学院' },
  { value: 3, label: '厦门国家会计学院' },
];

/** 订单管理 (national admin): orders and payments with filters, totals per institute and day, export, refund. */
export function StaffOrdersPage() {
  const [query, setQuery] = useState<Partial<StaffOrdersQuery>>({ page: 1, pageSize: 50 });
  const orders = useStaffOrders(query);
  const [refunding, setRefunding] = useState<StaffOrder | null>(null);

  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        订单管理
      </Typography.Title>
      <Card>
        <Form
          layout="inline"
          onFinish={(v: Partial<StaffOrdersQuery>) =>
            setQuery({ ...v, q: v.q?.trim() || undefined, page: 1, pageSize: 50 })
          }
        >
          <Form.Item name="year" label="年度">
            <InputNumber min={2000} max={2100} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="instituteId" label="会计学院">
            <Select allowClear options={institutes} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              options={orderStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
              style={{ width: 110 }}
            />
          </Form.Item>
          <Form.Item name="from" label="下单日期自">
            <Input placeholder="YYYY-MM-DD" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="to" label="至">
            <Input placeholder="YYYY-MM-DD" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="q" label="订单号/证书编号">
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <a
              href={staffOrdersUrl(
                { ...query, page: undefined, pageSize: undefined },
                '/api/staff/orders/export',
              )}
            >
              <Button>导出 Excel</Button>
            </a>
          </Space>
        </Form>
      </Card>
      {orders.isError && <Typography.Text type="danger">{errorMessage(orders.error)}</Typography.Text>}
      {orders.data && (
        <>
          <Card>
            <Space size="large" wrap>
              <Statistic title="订单数" value={orders.data.total} />
              <Statistic title="已收金额（元）" value={(orders.data.paidFen / 100).toFixed(2)} />
              <Statistic title="已退金额（元）" value={(orders.data.refundedFen / 100).toFixed(2)} />
            </Space>
          </Card>
          <Card title="按学院和日期汇总（支付日）" styles={{ body: { padding: 0 } }}>
            <Table
              rowKey={(r) => `${r.instituteId}-${r.day}`}
              size="small"
              pagination={false}
              dataSource={orders.data.totals}
              columns={[
                { title: '日期', dataIndex: 'day' },
                { title: '会计学院', dataIndex: 'instituteName' },
                { title: '笔数', dataIndex: 'count' },
                { title: '金额', dataIndex: 'amountFen', render: (f: number) => yuan(f) },
              ]}
            />
          </Card>
          <Card title="订单" styles={{ body: { padding: 0 } }}>
            <Table<StaffOrder>
              rowKey="orderNo"
              size="small"
              loading={orders.isFetching}
              scroll={{ x: 1000 }}
              dataSource={orders.data.items}
              pagination={{
                current: query.page ?? 1,
                pageSize: query.pageSize ?? 50,
                total: orders.data.total,
                onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
              }}
              columns={[
                { title: '订单号', dataIndex: 'orderNo' },
                { title: '会员证书编号', dataIndex: 'memberUsername' },
                { title: '姓名', dataIndex: 'memberName' },
                { title: '年度', dataIndex: 'year' },
                { title: '会计学院', dataIndex: 'instituteName' },
                { title: '金额', dataIndex: 'amountFen', render: (f: number) => yuan(f) },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: StaffOrder['status']) => <Tag color={statusColor[s]}>{statusLabel(s)}</Tag>,
                },
                { title: '下单时间', dataIndex: 'createdAt', render: (t: string) => shanghaiTime(t) },
                { title: '支付时间', dataIndex: 'paidAt', render: (t: string | null) => shanghaiTime(t) },
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, o: StaffOrder) =>
                    o.status === 'paid' ? (
                      <Button size="small" danger onClick={() => setRefunding(o)}>
                        退款
                      </Button>
                    ) : (
                      o.refundReason && <Typography.Text type="secondary">{o.refundReason}</Typography.Text>
                    ),
                },
              ]}
            />
          </Card>
        </>
      )}
      {refunding && <RefundModal order={refunding} onClose={() => setRefunding(null)} />}
    </div>
  );
}

function RefundModal({ order, onClose }: { order: StaffOrder; onClose: () => void }) {
  const refund = useRefund();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={`退款：订单 ${order.orderNo}`}
      okText="确认退款"
      okButtonProps={{ danger: true, loading: refund.isPending }}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then(({ reason }) =>
          refund.mutate(
            { orderNo: order.orderNo, reason },
            {
              onSuccess: () => {
                message.success('已提交退款，该会员本年度学习已重新锁定');
                onClose();
              },
              onError: (e) => message.error(errorMessage(e)),
            },
          ),
        )
      }
    >
      <Typography.Paragraph>
        {order.memberName}（{order.memberUsername}）{order.year}年度 {yuan(order.amountFen)}
        。仅当会员尚未开始该年度学习时可退款。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="退款原因"
          rules={[{ required: true, min: 2, message: '请填写退款原因' }]}
        >
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
