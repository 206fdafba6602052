import { UploadOutlined } from '@ant-design/icons';
import type { EvidenceFile } from '@cpe/shared';
import { Button, message, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { uploadEvidence } from '../../api/claims.ts';

export const ACCEPTED = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** The evidence of a claim or request: a link per file and, while editable, an upload button. */
export function EvidenceUpload({
  url,
  files,
  editable,
  onUploaded,
}: {
  url: string;
  files: EvidenceFile[];
  editable: boolean;
  onUploaded: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      await uploadEvidence(url, file);
      message.success('证明材料已上传');
      onUploaded();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Space direction="vertical" size={4}>
      {files.map((f) => (
        <Typography.Link key={f.id} href={`/api/evidence/${f.id}`}>
          {f.fileName}
        </Typography.Link>
      ))}
      {editable && (
        <>
          <input
            ref={input}
            type="file"
            accept={ACCEPTED}
            hidden
            data-testid="evidence-input"
            onChange={(e) => pick(e.target.files?.[0])}
          />
          <Button
            size="small"
            icon={<UploadOutlined />}
            loading={busy}
            onClick={() => input.current?.click()}
          >
            上传证明材料
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            PDF、JPG 或 PNG，单个文件不超过 10 MB
          </Typography.Text>
        </>
      )}
    </Space>
  );
}
