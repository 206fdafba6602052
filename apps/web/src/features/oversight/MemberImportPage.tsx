import type { ImportResult } from '@cpe/shared';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadMembers } from './api.ts';

/** 会员导入: template, a preview of every row error, then an all-or-nothing import. */
export function MemberImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [saved, setSaved] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await uploadMembers(file, dryRun);
      if (dryRun) setPreview(result);
      else setSaved(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        会员导入
      </Typography.Title>
      <Card>
        <Space direction="vertical">
          <Typography.Text>
            请下载模板填写后上传。先预检每一行，全部无误后才能导入；导入要么全部成功，要么全部不保存。新会员通过“忘记密码”设置密码。
          </Typography.Text>
          <a href="/api/admin/members/import/template">下载导入模板</a>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setPreview(null);
              setSaved(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>选择 Excel 文件</Button>
          </Upload>
          <Space>
            <Button disabled={!file} loading={busy} onClick={() => run(true)}>
              预检
            </Button>
            <Button
              type="primary"
              disabled={!preview || preview.errors.length > 0}
              loading={busy}
              onClick={() => run(false)}
            >
              确认导入
            </Button>
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      {saved && (
        <Alert
          type="success"
          showIcon
          message={`导入完成：新增 ${saved.created} 人，更新 ${saved.updated} 人，未变化 ${saved.unchanged} 人`}
        />
      )}
      {preview && (
        <Card title={`预检结果：共 ${preview.total} 行`}>
          {preview.errors.length === 0 ? (
            <Alert
              type="success"
              showIcon
              message={`全部通过：将新增 ${preview.created} 人，更新 ${preview.updated} 人，未变化 ${preview.unchanged} 人`}
            />
          ) : (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              dataSource={preview.errors}
              columns={[
                { title: '行号', dataIndex: 'row', width: 80 },
                { title: '列', dataIndex: 'column', width: 140 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
