import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { assertKey, type Storage } from './storage.ts';

export class TooLargeError extends Error {}

export function storageDir(config: Pick<Config, 'STORAGE_DIR' | 'DATA_DIR'>): string {
  return resolve(config.STORAGE_DIR ?? join(config.DATA_DIR, 'storage'));
}

/** Files in a local folder (STORAGE_DIR). */
export function localStorage(root: string): Storage {
  const path = (key: string) => join(root, assertKey(key));
  return {
    async size(key) {
      try {
        return (await stat(path(key))).size;
      } catch {
        return null;
      }
    },
    async append(key, data, maxBytes) {
      const file = path(key);
      await mkdir(dirname(file), { recursive: true });
      let written = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          written += chunk.length;
          if (written > maxBytes) done(new TooLargeError('too large'));
          else done(null, chunk);
        },
      });
      await pipeline(data, counter, createWriteStream(file, { flags: 'a' }));
      return written;
    },
    async truncate(key, bytes) {
      await truncate(path(key), bytes);
    },
    read(key, range) {
      return createReadStream(path(key), range ? { start: range.start, end: range.end } : {});
    },
    async head(key, bytes) {
      return this.readAt(key, 0, bytes);
    },
    async readAt(key, position, bytes) {
      const handle = await open(path(key), 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async move(from, to) {
      const target = path(to);
      await mkdir(dirname(target), { recursive: true });
      await rename(path(from), target);
    },
    async remove(key) {
      await rm(path(key), { force: true });
    },
    async localPath(key) {
      return path(key);
    },
  };
}
