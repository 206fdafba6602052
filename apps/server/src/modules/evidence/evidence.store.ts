import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config.ts';

/**
 * Where evidence bytes live, behind a small interface so a shared store (object storage) can replace
 * the folder. Keys are random; the upload's name never becomes a path.
 */
export interface EvidenceStore {
  /** Writes the stream under a new key, stopping at `maxBytes` (then nothing is kept). */
  put(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  /** the first 64 KiB, for type sniffing and image headers */
  head: Uint8Array;
}

export class FileTooLarge extends Error {}

const KEY = /^[a-f0-9]{2}\/[a-f0-9]{32}$/;
const HEAD_BYTES = 64 * 1024;

export function evidenceDir(config: Pick<Config, 'EVIDENCE_DIR' | 'DATA_DIR'>): string {
  return resolve(config.EVIDENCE_DIR ?? join(config.DATA_DIR, 'evidence'));
}

/** Files under one folder (outside the web root), fanned out by the key's first two characters. */
export function folderEvidenceStore(root: string): EvidenceStore {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error('invalid evidence key');
    return join(root, key);
  };
  return {
    async put(stream, maxBytes) {
      const id = randomBytes(16).toString('hex');
      const key = `${id.slice(0, 2)}/${id}`;
      const path = pathOf(key);
      await mkdir(join(root, id.slice(0, 2)), { recursive: true });
      const partial = `${path}.part`;
      const file = await open(partial, 'wx', 0o600);
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headSize = 0;
      let size = 0;
      try {
        for await (const chunk of stream) {
          size += chunk.length;
          if (size > maxBytes) throw new FileTooLarge();
          if (headSize < HEAD_BYTES) {
            head.push(Buffer.from(chunk));
            headSize += chunk.length;
          }
          hash.update(chunk);
          await file.write(chunk);
        }
        await file.close();
        await rename(partial, path);
      } catch (error) {
        await file.close().catch(() => undefined);
        await rm(partial, { force: true });
        throw error;
      }
      return {
        key,
        size,
        sha256: hash.digest('hex'),
        head: new Uint8Array(Buffer.concat(head).subarray(0, HEAD_BYTES)),
      };
    },
    async open(key) {
      const path = pathOf(key);
      await stat(path);
      return createReadStream(path);
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
