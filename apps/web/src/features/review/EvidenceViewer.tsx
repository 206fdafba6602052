import type { EvidenceFile } from '@cpe/shared';
import { Empty, Segmented, Typography } from 'antd';
import { useState } from 'react';

/** The evidence of an application, shown inline: PDFs in a frame, images as images. */
export function EvidenceViewer({ files }: { files: EvidenceFile[] }) {
  const [current, setCurrent] = useState(files[0]?.id);
  const file = files.find((f) => f.id === current) ?? files[0];
  if (!file) return <Empty description="没有证明材料" />;
  const src = `/api/evidence/${file.id}?inline=1`;
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {files.length > 1 && (
        <Segmented
          value={file.id}
          onChange={(v) => setCurrent(Number(v))}
          options={files.map((f) => ({ value: f.id, label: f.fileName }))}
        />
      )}
      {file.contentType === 'application/pdf' ? (
        <iframe
          title={file.fileName}
          src={src}
          style={{ width: '100%', height: 480, border: '1px solid #eee' }}
        />
      ) : (
        <img
          alt={file.fileName}
          src={src}
          style={{ maxWidth: '100%', maxHeight: 480, objectFit: 'contain' }}
        />
      )}
      <Typography.Link href={`/api/evidence/${file.id}`}>下载 {file.fileName}</Typography.Link>
    </div>
  );
}
