import type { AuditRow } from '@cpe/shared';
import { Button, Card, DatePicker, Form, Input, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../learning/status.tsx';
import { type AuditFilter, useAuditLog } from './api.ts';
import { ExportButton } from './ExportButton.tsx';

const columns: TableColumnsType<AuditRow> = [
  { title: '时间', dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString('zh-CN'), width: 180 },
  { title: '操作人', key: 'actor', render: (_, r) => r.actorName ?? r.actorType },
  { title: '操作', dataIndex: 'action' },
  { title: '对象', dataIndex: 'target' },
  { title: '结果', dataIndex: 'result' },
  { title: 'IP', dataIndex: 'ip' },
  { title: '详情', dataIndex: 'detail', ellipsis: true },
];

interface FormValues {
  actor?: string;
  action?: string;
  target?: string;
  range?: [{ format(f: string): string }, { format(f: string): string }] | null;
}

/** 审计日志: who did what and when; read only, exportable. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({ page: 1 });
  const log = useAuditLog(filter);
  const { page: _page, ...exportFilters } = filter;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        审计日志
      </Typography.Title>
      <Card>
        <Form<FormValues>
          layout="inline"
          onFinish={(v) =>
            setFilter({
              page: 1,
              actor: v.actor || undefined,
              action: v.action || undefined,
              target: v.target || undefined,
              from: v.range?.[0].format('YYYY-MM-DD'),
              to: v.range?.[1].format('YYYY-MM-DD'),
            })
          }
        >
          <Form.Item name="actor" label="操作人">
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="target" label="对象">
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <ExportButton report="audit" filters={exportFilters} />
          </Space>
        </Form>
      </Card>
      {log.isError && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
      <Card styles={{ body: { overflowX: 'auto' } }}>
        <Table
          size="small"
          rowKey="id"
          loading={log.isPending}
          dataSource={log.data?.rows ?? []}
          columns={columns}
          pagination={{
            current: filter.page,
            pageSize: 50,
            total: log.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => setFilter({ ...filter, page }),
          }}
        />
      </Card>
    </div>
  );
}
