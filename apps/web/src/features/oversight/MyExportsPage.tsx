import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { type ExportJob, type ExportStatus, exportReportLabels, exportStatusLabels } from '@cpe/shared';
import { Button, Card, Empty, Progress, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMediaQuery } from '../../layouts/useMediaQuery.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { shanghaiTime } from '../payment/format.ts';
import { useMyExports } from './api.ts';

const statusColor: Record<ExportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  expired: 'warning',
};

const active = (j: ExportJob) => j.status === 'queued' || j.status === 'running';

function StatusCell({ job }: { job: ExportJob }) {
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Tag color={statusColor[job.status]}>{exportStatusLabels[job.status]}</Tag>
      {active(job) && <Progress percent={job.progress} size="small" status="active" />}
    </Space>
  );
}

/** The download of a finished export, or why there is none. */
function FileCell({ job }: { job: ExportJob }) {
  if (job.status === 'done') {
    return (
      <a href={`/api/exports/${job.id}/file`} download data-testid={`my-export-download-${job.id}`}>
        <DownloadOutlined /> 下载
      </a>
    );
  }
  if (job.status === 'failed')
    return <Typography.Text type="danger">{job.error ?? '导出失败'}</Typography.Text>;
  if (job.status === 'expired') {
    return <Typography.Text type="secondary">文件已超过保留期限并已删除，请重新导出</Typography.Text>;
  }
  return <Typography.Text type="secondary">生成后可下载</Typography.Text>;
}

const rowsText = (j: ExportJob) => (j.status === 'queued' || j.status === 'failed' ? '—' : String(j.rows));

const columns: TableColumnsType<ExportJob> = [
  { title: '报表', dataIndex: 'report', render: (r: ExportJob['report']) => exportReportLabels[r] },
  { title: '发起时间', dataIndex: 'requestedAt', render: shanghaiTime, width: 170 },
  { title: '状态', key: 'status', width: 170, render: (_, j) => <StatusCell job={j} /> },
  { title: '行数', key: 'rows', width: 80, render: (_, j) => rowsText(j) },
  { title: '下载', key: 'file', render: (_, j) => <FileCell job={j} /> },
];

/** On a phone each export is a block of its own, not a table row to scroll sideways. */
function ExportBlocks({ jobs }: { jobs: ExportJob[] }) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {jobs.map((j, i) => (
        <li
          key={j.id}
          data-row-key={j.id}
          style={{ padding: '12px 16px', borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
        >
          <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
            <Typography.Text strong>{exportReportLabels[j.report]}</Typography.Text>
            <Tag color={statusColor[j.status]} style={{ marginInlineEnd: 0 }}>
              {exportStatusLabels[j.status]}
            </Tag>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
            发起时间 {shanghaiTime(j.requestedAt)} · 行数 {rowsText(j)}
          </Typography.Paragraph>
          {active(j) && <Progress percent={j.progress} size="small" status="active" />}
          {!active(j) && <FileCell job={j} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * 我的导出: the exports the staff member started (the latest 20), so a file can be found and downloaded
 * after leaving the page that started it; refreshes by itself while any is queued or running.
 */
export function MyExportsPage() {
  const jobs = useMyExports();
  const narrow = useMediaQuery('(max-width: 575px)');
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          我的导出
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => jobs.refetch()} loading={jobs.isFetching}>
          刷新
        </Button>
      </Space>
      <Typography.Text type="secondary">
        最近 20 次导出。导出在后台生成，离开页面不受影响；文件超过保留期限后删除，显示为已过期。
      </Typography.Text>
      {jobs.isPending && <LoadingCard rows={4} />}
      {jobs.isError && <ErrorAlert error={jobs.error} onRetry={() => jobs.refetch()} />}
      {jobs.data && (
        <Card styles={{ body: { padding: 0 } }} data-testid="my-exports">
          {jobs.data.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="暂无导出记录。在报表、审计日志或审核工作台点击「导出 Excel」后，导出任务会列在这里。"
              style={{ padding: 24 }}
            />
          ) : narrow ? (
            <ExportBlocks jobs={jobs.data} />
          ) : (
            <Table<ExportJob>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 640 }}
              dataSource={jobs.data}
              columns={columns}
            />
          )}
        </Card>
      )}
    </div>
  );
}
