import { DownloadOutlined } from '@ant-design/icons';
import type { ExportReport } from '@cpe/shared';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { myExportsPath } from '../../navigation/staffPages.ts';
import { useExportJob, useStartExport } from './api.ts';

/**
 * 导出 Excel: starts a background export, shows its progress and offers the file when it is ready
 * (a long export never holds a request open). The export goes on when the page is left; 我的导出 lists it.
 */
export function ExportButton({
  report,
  filters,
}: {
  report: ExportReport;
  filters: Record<string, string | number | boolean | undefined>;
}) {
  const [id, setId] = useState<number | null>(null);
  const start = useStartExport();
  const job = useExportJob(id);
  const clean = Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, string | number | boolean>;
  const running = id !== null && !['done', 'failed', 'expired'].includes(job.data?.status ?? '');
  return (
    <Space direction="vertical" style={{ minWidth: 240 }}>
      <Button
        icon={<DownloadOutlined />}
        loading={start.isPending || running}
        onClick={() => start.mutate({ report, filters: clean }, { onSuccess: (r) => setId(r.id) })}
      >
        导出 Excel
      </Button>
      {id !== null && job.data && (
        <div data-testid="export-progress">
          <Progress
            percent={job.data.progress}
            size="small"
            status={
              job.data.status === 'failed'
                ? 'exception'
                : job.data.status === 'running' || job.data.status === 'queued'
                  ? 'active'
                  : 'success'
            }
          />
          {job.data.status === 'done' && (
            <a href={`/api/exports/${id}/file`} download data-testid="export-download">
              下载文件（{job.data.rows} 行）
            </a>
          )}
          {job.data.status === 'expired' && (
            <Alert type="warning" showIcon message="已过期：文件已超过保留期限并已删除，请重新导出" />
          )}
          {job.data.status === 'failed' && (
            <Alert type="error" showIcon message={job.data.error ?? '导出失败'} />
          )}
        </div>
      )}
      {id !== null && (
        <Typography.Text type="secondary" data-testid="export-my-exports">
          可在<Link to={myExportsPath}>「我的导出」</Link>中查看和下载
        </Typography.Text>
      )}
      {start.isError && <Alert type="error" showIcon message={start.error.message} />}
    </Space>
  );
}
