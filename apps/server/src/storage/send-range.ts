import type { FastifyReply } from 'fastify';
import type { Storage } from './storage.ts';

/**
 * Sends a stored file with HTTP range support: 200 with the whole file, 206 with one `bytes=a-b`,
 * `bytes=a-` or `bytes=-n` range, 416 for a range outside the file. Multiple ranges are answered with
 * the whole file (players never ask for them).
 */
export async function sendStored(
  reply: FastifyReply,
  storage: Storage,
  key: string,
  rangeHeader: string | undefined,
  contentType: string,
) {
  const size = await storage.size(key);
  if (size === null) return reply.status(404).send({ code: 'NOT_FOUND', message: '视频不存在' });
  reply.header('accept-ranges', 'bytes').header('content-type', contentType);
  const m = rangeHeader ? /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) {
    reply.header('content-length', size);
    return reply.send(storage.read(key));
  }
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) {
    return reply.status(416).header('content-range', `bytes */${size}`).send();
  }
  reply
    .status(206)
    .header('content-range', `bytes ${start}-${end}/${size}`)
    .header('content-length', end - start + 1);
  return reply.send(storage.read(key, { start, end }));
}
