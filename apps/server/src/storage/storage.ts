import type { Readable } from 'node:stream';

/**
 * Where uploaded files live, by key (`videos/…`, `uploads/…`): a local folder by default
 * (local-storage.ts). The interface is what an object-storage implementation would provide too:
 * appending parts of an upload, reading ranges, and promoting a finished upload to its final key.
 */
export interface Storage {
  /** Bytes held under `key`, or null when there is nothing. */
  size(key: string): Promise<number | null>;
  /** Appends a stream to `key` (created when absent), never holding it whole in memory; returns bytes written. */
  append(key: string, data: Readable, maxBytes: number): Promise<number>;
  /** Cuts `key` back to `bytes` (an interrupted part is dropped so the upload resumes cleanly). */
  truncate(key: string, bytes: number): Promise<void>;
  /** Reads `key`, or bytes `start`..`end` (inclusive) of it. */
  read(key: string, range?: { start: number; end: number }): Readable;
  /** First `bytes` of `key` (content sniffing). */
  head(key: string, bytes: number): Promise<Buffer>;
  /** Reads part of `key` at `position` (box walking without reading the media data). */
  readAt(key: string, position: number, bytes: number): Promise<Buffer>;
  /** Moves a finished upload to its final key. */
  move(from: string, to: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** A local path for tools that need one (ffprobe); object storage would download to a temporary file. */
  localPath(key: string): Promise<string>;
}

/** Keys are made by the server only; this refuses anything that could leave the storage root. */
export function assertKey(key: string): string {
  if (!/^[a-z]+\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key) || key.includes('..')) {
    throw new Error(`invalid storage key: ${key}`);
  }
  return key;
}
