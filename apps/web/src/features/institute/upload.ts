import type { UploadStatus } from '@cpe/shared';
import { ApiError, api } from '../../api/client.ts';

/** Parts of 8 MB: a lost connection costs at most one part; the server streams each to disk. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Uploads a lesson video in parts, resuming from what the server already holds for a file of this
 * size (an earlier, interrupted try). `onProgress` gets the share sent, 0..1.
 */
export async function uploadLessonVideo(
  lessonId: number,
  file: File,
  onProgress: (share: number) => void,
): Promise<UploadStatus> {
  const held = await api<UploadStatus>(`/api/institute/lessons/${lessonId}/video/upload?size=${file.size}`);
  let start = held.receivedBytes;
  onProgress(start / file.size);
  for (;;) {
    const end = Math.min(start + CHUNK_BYTES, file.size);
    const res = await fetch(`/api/institute/lessons/${lessonId}/video`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${start}-${end - 1}/${file.size}`,
      },
      body: file.slice(start, end),
      credentials: 'same-origin',
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw new ApiError(
        body?.code ?? 'HTTP_ERROR',
        body?.message ?? `上传失败（${res.status}）`,
        res.status,
      );
    }
    const status = body as UploadStatus;
    onProgress(status.receivedBytes / file.size);
    if (status.complete) return status;
    start = status.receivedBytes;
  }
}
