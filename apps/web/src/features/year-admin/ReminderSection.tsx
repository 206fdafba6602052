import { type ReminderCampaign, reminderCampaignStatusLabels, userTypeLabels } from '@cpe/shared';
import { Alert, App, Button, Card, InputNumber, Progress, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { ErrorAlert } from '../learning/status.tsx';
import { useComplianceReport } from '../oversight/api.ts';
import { useReminderActions, useReminderCampaigns, useReminderPreview } from './api.ts';

type MemberType = 'practicing' | 'non_practicing';
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

/**
 * 年度提醒: a campaign texts every member short for the year (matching the filters) once, sent by a
 * background job in throttled batches; the list polls while one is sending.
 */
export function ReminderSection({ year, closed }: { year: number; closed: boolean }) {
  const [province, setProvince] = useState<string | undefined>();
  const [memberType, setMemberType] = useState<MemberType | undefined>();
  const [minHours, setMinHours] = useState<number | null>(null);
  const filters = {
    year,
    province,
    memberType,
    minShortfallHundredths: minHours ? Math.round(minHours * 100) : undefined,
  };
  const provinces = useComplianceReport(year).data?.byProvince ?? [];
  const preview = useReminderPreview(filters);
  const { create } = useReminderActions();
  const { message } = App.useApp();
  const reach = preview.data ? preview.data.short - preview.data.optedOut : 0;

  return (
    <Card title="年度提醒">
      <Typography.Paragraph type="secondary">
        向本年度学时未达标的会员发送提醒短信（按每晚更新的达标状态）。每位会员在一次提醒中至多收到一条；已关闭“接收年度学时提醒短信”的会员不发送。短信在后台分批限速发送。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="地方注协"
          allowClear
          placeholder="全国"
          value={province}
          onChange={setProvince}
          options={provinces.map((p) => ({ value: p.code, label: p.name }))}
          style={{ width: 140 }}
        />
        <Select
          aria-label="会员类型"
          allowClear
          placeholder="全部会员类型"
          value={memberType}
          onChange={setMemberType}
          options={(['practicing', 'non_practicing'] as const).map((t) => ({
            value: t,
            label: userTypeLabels[t],
          }))}
          style={{ width: 140 }}
        />
        <InputNumber
          aria-label="至少尚差学时"
          min={0}
          max={1000}
          step={1}
          precision={2}
          value={minHours}
          onChange={setMinHours}
          placeholder="至少尚差学时"
          style={{ width: 140 }}
        />
      </Space>
      <Typography.Paragraph data-testid="reminder-preview">
        {preview.data
          ? `按当前条件将提醒 ${reach} 人（未达标 ${preview.data.short} 人，其中 ${preview.data.optedOut} 人已退订提醒短信）。`
          : '正在统计…'}
      </Typography.Paragraph>
      {closed && <Alert type="warning" showIcon title={`${year}年度已关闭，不能再发送提醒。`} />}
      <Button
        type="primary"
        disabled={closed || reach === 0}
        loading={create.isPending}
        onClick={() =>
          create.mutate(filters, {
            onSuccess: (c) => message.success(`提醒任务已创建，将向 ${c.targeted} 人发送`),
            onError: (e) => message.error(errorMessage(e)),
          })
        }
        style={{ marginTop: 12 }}
      >
        发送提醒
      </Button>
      <CampaignList year={year} />
    </Card>
  );
}

function CampaignList({ year }: { year: number }) {
  const campaigns = useReminderCampaigns(year);
  const { cancel } = useReminderActions();
  const { message } = App.useApp();
  if (campaigns.isError) return <ErrorAlert error={campaigns.error} onRetry={() => campaigns.refetch()} />;
  return (
    <Table<ReminderCampaign>
      rowKey="id"
      size="small"
      loading={campaigns.isPending}
      dataSource={campaigns.data?.campaigns ?? []}
      pagination={false}
      scroll={{ x: 760 }}
      style={{ marginTop: 16 }}
      columns={[
        { title: '创建时间', key: 'at', render: (_, c) => when(c.createdAt) },
        { title: '创建人', key: 'by', render: (_, c) => (c.auto ? '自动提醒' : c.createdBy) },
        {
          title: '范围',
          key: 'scope',
          render: (_, c) =>
            [
              c.provinceName ?? '全国',
              c.memberType ? userTypeLabels[c.memberType] : null,
              c.minShortfallHundredths > 0 ? `尚差≥${c.minShortfallHundredths / 100}学时` : null,
            ]
              .filter(Boolean)
              .join('，'),
        },
        { title: '状态', key: 'status', render: (_, c) => reminderCampaignStatusLabels[c.status] },
        {
          title: '进度',
          key: 'progress',
          width: 160,
          render: (_, c) => (
            <Progress
              percent={c.progress}
              size="small"
              status={c.status === 'done' ? 'success' : c.status === 'cancelled' ? 'exception' : 'active'}
            />
          ),
        },
        { title: '目标人数', dataIndex: 'targeted', align: 'right' },
        { title: '已发送', dataIndex: 'enqueued', align: 'right' },
        { title: '已退订未发', dataIndex: 'skippedOptOut', align: 'right' },
        {
          title: '操作',
          key: 'actions',
          render: (_, c) =>
            c.status === 'queued' || c.status === 'running' ? (
              <Button
                size="small"
                danger
                loading={cancel.isPending && cancel.variables === c.id}
                onClick={() => cancel.mutate(c.id, { onError: (e) => message.error(errorMessage(e)) })}
              >
                取消
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
