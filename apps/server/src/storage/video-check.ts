import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Storage } from './storage.ts';

const run = promisify(execFile);

/** An MP4 (ISO base media) file starts with its `ftyp` box: checked on the bytes, not the name. */
export function looksLikeMp4(head: Buffer): boolean {
  return head.length >= 12 && head.subarray(4, 8).toString('latin1') === 'ftyp';
}

/**
 * Walks the top-level boxes of an MP4 by their headers only (a few bytes read per box): every box must
 * end within the file, and both the movie header (`moov`) and the media data (`mdat`) must be there. A
 * file cut short in the middle of a box is refused, whatever its header promises.
 */
export async function mp4Problem(storage: Storage, key: string, size: number): Promise<string | null> {
  let position = 0;
  const seen = new Set<string>();
  while (position < size) {
    const header = await storage.readAt(key, position, 16);
    if (header.length < 8) return '视频文件不完整（文件被截断）';
    let boxSize = header.readUInt32BE(0);
    const type = header.subarray(4, 8).toString('latin1');
    if (!/^[\x20-\x7e]{4}$/.test(type)) return '视频文件已损坏';
    if (boxSize === 1) {
      if (header.length < 16) return '视频文件不完整（文件被截断）';
      boxSize = Number(header.readBigUInt64BE(8));
    } else if (boxSize === 0) {
      boxSize = size - position;
    }
    if (boxSize < 8) return '视频文件已损坏';
    if (position + boxSize > size) return '视频文件不完整（文件被截断）';
    seen.add(type);
    position += boxSize;
  }
  if (!seen.has('moov') || !seen.has('mdat')) return '视频文件不完整（缺少影片信息或媒体数据）';
  return null;
}

/** The duration in whole seconds, read from the file by ffprobe; null when it cannot be read. */
export async function probeDurationSeconds(path: string): Promise<number | null> {
  try {
    const { stdout } = await run(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', path],
      { timeout: 60_000, maxBuffer: 64 * 1024 },
    );
    const seconds = Number.parseFloat(stdout.trim());
    return Number.isFinite(seconds) && seconds >= 0.5 ? Math.round(seconds) : null;
  } catch {
    return null;
  }
}
