import type { FeeSchedule } from '@cpe/shared';
import { App, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useFeeSchedule, useSetFee } from './api.ts';
import { shanghaiTime, yuan } from './format.ts';

type Item = FeeSchedule['items'][number];

/** 收费标准 (national admin): the learning fee per institute and year; new orders use it at once. */
export function FeeSchedulePage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const schedule = useFeeSchedule(year);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        收费标准
      </Typography.Title>
      <Space>
        年度
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      {schedule.isError && <Typography.Text type="danger">{errorMessage(schedule.error)}</Typography.Text>}
      {schedule.data && (
        <Card
          title={`${year}年度非执业会员继续教育费用`}
          extra={
            <Typography.Text type="secondary">
              未单独设置的学院按规则默认金额 {yuan(schedule.data.defaultFen)}
            </Typography.Text>
          }
          styles={{ body: { padding: 0 } }}
        >
          <Table<Item>
            rowKey="instituteId"
            pagination={false}
            dataSource={schedule.data.items}
            columns={[
              { title: '会计学院', dataIndex: 'instituteName' },
              {
                title: '金额',
                key: 'amount',
                render: (_: unknown, item: Item) => <FeeEditor year={year} item={item} />,
              },
              {
                title: '来源',
                dataIndex: 'scheduled',
                render: (s: boolean) => (s ? <Tag color="blue">已设置</Tag> : <Tag>默认</Tag>),
              },
              { title: '更新时间', dataIndex: 'updatedAt', render: (t: string | null) => shanghaiTime(t) },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function FeeEditor({ year, item }: { year: number; item: Item }) {
  const [yuanValue, setYuanValue] = useState<number | null>(item.amountFen / 100);
  const save = useSetFee();
  const { message } = App.useApp();
  return (
    <Space>
      <InputNumber
        min={0.01}
        step={1}
        precision={2}
        value={yuanValue}
        onChange={setYuanValue}
        addonAfter="元"
        aria-label={`${item.instituteName}金额`}
      />
      <Button
        loading={save.isPending}
        disabled={!yuanValue || Math.round(yuanValue * 100) === item.amountFen}
        onClick={() =>
          save.mutate(
            { year, instituteId: item.instituteId, amountFen: Math.round((yuanValue ?? 0) * 100) },
            { onSuccess: () => message.success('已保存'), onError: (e) => message.error(errorMessage(e)) },
          )
        }
      >
        保存
      </Button>
    </Space>
  );
}
