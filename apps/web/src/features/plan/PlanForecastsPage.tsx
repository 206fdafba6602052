import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { planExportUrl, usePlanForecasts } from './api.ts';

/** 学习计划预测 (national admin): members forecast to fall short by province, from the nightly job. */
export function PlanForecastsPage() {
  const thisYear = currentCycleYear();
  const [year, setYear] = useState(thisYear);
  const summary = usePlanForecasts(year);
  const rows = summary.data?.provinces ?? [];
  const total = rows.reduce((s, r) => s + r.fallsShort, 0);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          学习计划预测
        </Typography.Title>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1].map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
        />
        <a href={planExportUrl(year)} download>
          <Button icon={<DownloadOutlined />}>导出全部预计不达标名单</Button>
        </a>
      </div>
      {summary.isError && <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />}
      <Card>
        <Typography.Paragraph type="secondary">
          每晚按会员的学习计划与学习进度计算：预计不达标指按目前进度在学习截止前学不完计划课程，或网络课程无法补足本年度要求（须面授或产出法学时补足）。
          {summary.data?.computedAt
            ? ` 最近计算时间：${new Date(summary.data.computedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}。`
            : ' 本年度尚未计算。'}
          {` 合计预计不达标 ${total} 人。`}
        </Typography.Paragraph>
        <Table
          rowKey="province"
          size="small"
          loading={summary.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            { title: '地方注协', dataIndex: 'provinceName' },
            { title: '会员数', dataIndex: 'members', align: 'right' },
            { title: '预计不达标', dataIndex: 'fallsShort', align: 'right' },
            { title: '其中进度不足', dataIndex: 'behindPace', align: 'right' },
            { title: '其中网络课程无法补足', dataIndex: 'videoCannotClose', align: 'right' },
            {
              title: '名单',
              key: 'export',
              render: (_, r) =>
                r.fallsShort > 0 ? (
                  <a href={planExportUrl(year, r.province)} download>
                    导出
                  </a>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
