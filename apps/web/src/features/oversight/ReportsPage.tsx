import { type ComplianceReport, type ComplianceRow, complianceStatusLabels } from '@cpe/shared';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useStaffRole } from '../auth/currentUser.ts';
import { HoursEntries } from '../hours/HoursEntries.tsx';
import { hoursText } from '../learning/format.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { useComplianceList, useComplianceReport, useMemberYear } from './api.ts';
import { Chart } from './Chart.tsx';
import { ExportButton } from './ExportButton.tsx';

const FIRST_YEAR = 2022;
const statusColor = { compliant: 'success', short: 'error', exempt: 'default' } as const;
const typeLabel = { practicing: '执业会员', non_practicing: '非执业会员' } as const;

/** 报表: who is compliant, short or exempt for a year, by province, member type and institute; drill-down. */
export function ReportsPage() {
  const thisYear = currentCycleYear();
  const role = useStaffRole();
  const [year, setYear] = useState(thisYear);
  const [province, setProvince] = useState<string | undefined>();
  const report = useComplianceReport(year, province);
  const years = Array.from({ length: Math.max(1, thisYear - FIRST_YEAR + 1) }, (_, i) => thisYear - i);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          学时完成情况
        </Typography.Title>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
        />
        {role === 'national_admin' && report.data && (
          <Select
            aria-label="地方注协"
            allowClear
            placeholder="全国"
            value={province}
            onChange={setProvince}
            options={report.data.byProvince.map((p) => ({ value: p.code, label: p.name }))}
            style={{ width: 140 }}
          />
        )}
      </Space>
      {report.isPending && <LoadingCard rows={6} />}
      {report.isError && <ErrorAlert error={report.error} onRetry={() => report.refetch()} />}
      {report.data && <Dashboard data={report.data} />}
      {report.data && <MemberList year={year} province={province} />}
    </div>
  );
}

function Dashboard({ data }: { data: ComplianceReport }) {
  const total = data.totals.compliant + data.totals.short + data.totals.exempt;
  const bars = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 40, right: 16, bottom: 60 },
      xAxis: { type: 'category', data: data.byProvince.map((p) => p.name), axisLabel: { rotate: 45 } },
      yAxis: { type: 'value' },
      series: (['compliant', 'short', 'exempt'] as const).map((s) => ({
        name: complianceStatusLabels[s],
        type: 'bar',
        stack: 'all',
        data: data.byProvince.map((p) => p[s]),
      })),
    }),
    [data],
  );
  const curve = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16 },
      xAxis: { type: 'category', data: data.curve.map((c) => `${c.month}月`) },
      yAxis: { type: 'value' },
      series: [
        { name: '累计完成人数', type: 'line', smooth: true, data: data.curve.map((c) => c.compliant) },
      ],
    }),
    [data],
  );
  return (
    <>
      <Card
        title={`${data.year}年度${data.province ? '（本地方注协）' : '（全国）'}`}
        extra={
          <Typography.Text type="secondary" data-testid="as-of">
            {data.asOf ? `数据更新于 ${new Date(data.asOf).toLocaleString('zh-CN')}` : '尚未生成统计数据'}
            {data.closed ? '（年度已关闭）' : ''}
          </Typography.Text>
        }
      >
        <Space size={48} wrap>
          <Statistic title="会员总数" value={total} />
          <Statistic title="已完成" value={data.totals.compliant} data-testid="total-compliant" />
          <Statistic title="未完成" value={data.totals.short} />
          <Statistic title="豁免" value={data.totals.exempt} />
        </Space>
      </Card>
      <Card title="按地方注协">
        <Chart option={bars} testId="province-chart" />
      </Card>
      <Card title="全年完成曲线">
        <Chart option={curve} height={260} testId="curve-chart" />
      </Card>
      <Card title="按会员类型与学院">
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={[
            ...data.byMemberType.map((r) => ({ key: r.memberType, label: typeLabel[r.memberType], ...r })),
            ...data.byInstitute.map((r) => ({ key: `i${r.instituteId}`, label: r.name, ...r })),
          ]}
          columns={[
            { title: '分类', dataIndex: 'label' },
            { title: '已完成', dataIndex: 'compliant' },
            { title: '未完成', dataIndex: 'short' },
            { title: '豁免', dataIndex: 'exempt' },
          ]}
        />
      </Card>
    </>
  );
}

function MemberList({ year, province }: { year: number; province?: string }) {
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [memberId, setMemberId] = useState<number | null>(null);
  const list = useComplianceList({ year, province, status, page });
  const columns: TableColumnsType<ComplianceRow> = [
    { title: '会员证书编号', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'name' },
    { title: '会员类型', dataIndex: 'memberType', render: (t: ComplianceRow['memberType']) => typeLabel[t] },
    { title: '地方注协', dataIndex: 'province' },
    { title: '学院', dataIndex: 'institute', render: (v: string | null) => v ?? '未选择' },
    {
      title: '完成情况',
      dataIndex: 'status',
      render: (s: ComplianceRow['status']) => <Tag color={statusColor[s]}>{complianceStatusLabels[s]}</Tag>,
    },
    {
      title: '已获/要求学时',
      key: 'hours',
      render: (_, r) => `${hoursText(r.creditedHours)}/${hoursText(r.requiredHours)}`,
    },
    {
      title: '操作',
      key: 'view',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => setMemberId(r.memberId)}
          data-testid={`view-${r.username}`}
        >
          查看学时
        </Button>
      ),
    },
  ];
  return (
    <Card
      title="会员名单"
      extra={
        <Space wrap>
          <Select
            aria-label="完成情况"
            allowClear
            placeholder="全部"
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(complianceStatusLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: 120 }}
          />
          <ExportButton report="compliance" filters={{ year, province, status }} />
        </Space>
      }
      styles={{ body: { overflowX: 'auto' } }}
    >
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table
        size="small"
        rowKey="memberId"
        loading={list.isPending}
        dataSource={list.data?.rows ?? []}
        columns={columns}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
      <MemberYearDrawer memberId={memberId} year={year} onClose={() => setMemberId(null)} />
    </Card>
  );
}

/** One member's year as their 学时查询 shows it (read-only; the view is recorded in the audit log). */
function MemberYearDrawer({
  memberId,
  year,
  onClose,
}: {
  memberId: number | null;
  year: number;
  onClose: () => void;
}) {
  const data = useMemberYear(memberId, year);
  return (
    <Drawer open={memberId !== null} onClose={onClose} width={720} title={`${year}年度学时（只读）`}>
      {data.isPending && <LoadingCard rows={6} />}
      {data.isError && <ErrorAlert error={data.error} onRetry={() => data.refetch()} />}
      {data.data && (
        <div style={{ display: 'grid', gap: 16 }} data-testid="member-year">
          <Alert type="info" showIcon message="此查看已记入审计日志" />
          <Space size={32} wrap>
            <Statistic title="已获学时" value={hoursText(data.data.credited.total)} />
            <Statistic title="年度要求" value={hoursText(data.data.requirement.total)} />
            <Statistic title="职业道德" value={hoursText(data.data.credited.ethics)} />
            <Tag color={data.data.compliant ? 'success' : 'error'}>
              {data.data.compliant ? '达标' : '未达标'}
            </Tag>
          </Space>
          <HoursEntries entries={data.data.entries} />
        </div>
      )}
    </Drawer>
  );
}
