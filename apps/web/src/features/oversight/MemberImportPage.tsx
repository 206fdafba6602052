import type { MemberImportJob } from '@cpe/shared';
import { Alert, Button, Card, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { startMemberImport, useCommitMemberImport, useMemberImport } from './api.ts';

/**
 * 会员导入: template, upload (with its percent), a background check of every row with a progress bar and
 * the row errors, then 确认导入, applied all or nothing in the background as well.
 */
export function MemberImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [id, setId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useMemberImport(id);
  const commit = useCommitMemberImport();
  const check = async () => {
    if (!file) return;
    setError(null);
    setId(null);
    setUploaded(0);
    try {
      setId(await startMemberImport(file, true, setUploaded));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUploaded(null);
    }
  };
  const data = job.data;
  const working = data && (data.status === 'queued' || data.status === 'running');
  const canCommit = data?.dryRun && data.status === 'done' && data.errorCount === 0;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        会员导入
      </Typography.Title>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            请下载模板填写后上传。先预检每一行，全部无误后才能导入；导入要么全部成功，要么全部不保存。新会员通过“忘记密码”设置密码。
          </Typography.Text>
          <a href="/api/admin/members/import/template">下载导入模板</a>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setId(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>选择 Excel 文件</Button>
          </Upload>
          {uploaded !== null && (
            <div data-testid="import-upload">
              上传中
              <Progress percent={uploaded} size="small" />
            </div>
          )}
          <Space>
            <Button disabled={!file || Boolean(working)} loading={uploaded !== null} onClick={check}>
              预检
            </Button>
            <Button
              type="primary"
              disabled={!canCommit}
              loading={commit.isPending}
              onClick={() =>
                id !== null &&
                commit.mutate(id, {
                  onSuccess: () => job.refetch(),
                  onError: (e) => setError(e.message),
                })
              }
            >
              确认导入
            </Button>
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      {data && <ImportState job={data} />}
    </div>
  );
}

function ImportState({ job }: { job: MemberImportJob }) {
  const counts = `新增 ${job.created ?? 0} 人，更新 ${job.updated ?? 0} 人，未变化 ${job.unchanged ?? 0} 人`;
  if (job.status === 'queued' || job.status === 'running') {
    return (
      <Card title={job.dryRun ? '正在预检' : '正在导入'}>
        <Progress percent={job.progress} status="active" data-testid="import-progress" />
      </Card>
    );
  }
  if (job.status === 'failed') return <Alert type="error" showIcon message={job.error ?? '导入失败'} />;
  if (!job.dryRun && job.errorCount === 0) {
    return <Alert type="success" showIcon message={`导入完成：${counts}`} data-testid="import-done" />;
  }
  return (
    <Card title={`${job.dryRun ? '预检结果' : '导入结果'}：共 ${job.total ?? 0} 行`}>
      {job.errorCount === 0 ? (
        <Alert type="success" showIcon message={`全部通过：将${counts}`} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type="error"
            showIcon
            message={`共 ${job.errorCount} 处错误，未保存任何数据${
              job.errorCount > job.errors.length ? `；以下为前 ${job.errors.length} 处` : ''
            }`}
          />
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
            dataSource={job.errors}
            columns={[
              { title: '行号', dataIndex: 'row', width: 80 },
              { title: '列', dataIndex: 'column', width: 140 },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
