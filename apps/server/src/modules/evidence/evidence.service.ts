import type { Readable } from 'node:stream';
import type { EvidenceFile } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import {
  type EvidenceOwner,
  type EvidenceRow,
  evidenceSubject,
  insertEvidence,
} from '../claim/claim.repository.ts';
import { type EvidenceStore, evidenceDir, FileTooLarge, folderEvidenceStore } from './evidence.store.ts';
import { cleanFileName, imageDimensions, sniffType } from './sniff.ts';

export interface Upload {
  filename?: string;
  file: AsyncIterable<Uint8Array>;
}

export const presentEvidence = (e: EvidenceRow): EvidenceFile => ({
  id: e.id,
  fileName: e.fileName,
  contentType: e.contentType,
  sizeBytes: e.sizeBytes,
  uploadedAt: e.createdAt.toISOString(),
});

/** At most this many files per claim or request. */
export const MAX_FILES = 10;

export type EvidenceService = ReturnType<typeof evidenceService>;

/**
 * Evidence files (FILE-1): streamed into the store with the size limit enforced while reading, typed by
 * their first bytes (PDF, JPEG, PNG only), images refused when they declare more pixels than allowed;
 * the row is written by the caller's check in one transaction, and the bytes are removed again when
 * anything fails, so no file is left without its row.
 */
export function evidenceService(
  deps: Deps,
  store: EvidenceStore = folderEvidenceStore(evidenceDir(deps.config)),
) {
  const { config, db, clock } = deps;
  return {
    store,
    maxBytes: config.EVIDENCE_MAX_BYTES,

    /** `check` runs in the transaction that inserts the row (the owner locked, its state allowed). */
    async upload(
      memberId: number,
      owner: EvidenceOwner,
      upload: Upload,
      check: (tx: Executor) => Promise<void>,
    ): Promise<EvidenceFile> {
      let stored: Awaited<ReturnType<EvidenceStore['put']>>;
      try {
        stored = await store.put(upload.file, config.EVIDENCE_MAX_BYTES);
      } catch (error) {
        if (error instanceof FileTooLarge || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `文件不能超过 ${Math.floor(config.EVIDENCE_MAX_BYTES / 1024 / 1024)} MB`,
          );
        }
        throw error;
      }
      try {
        if (stored.size === 0) throw new AppError('UNSUPPORTED_FILE', '文件为空');
        const type = sniffType(stored.head);
        if (!type) throw new AppError('UNSUPPORTED_FILE', '只能上传 PDF、JPG 或 PNG 文件');
        if (type !== 'application/pdf') {
          const size = imageDimensions(type, stored.head);
          if (!size || size.width === 0 || size.height === 0) {
            throw new AppError('UNSUPPORTED_FILE', '图片无法识别，请重新导出后上传');
          }
          if (size.width * size.height > config.EVIDENCE_MAX_PIXELS) {
            throw new AppError('UNSUPPORTED_FILE', '图片像素过大，请缩小后上传');
          }
        }
        const now = clock.now();
        const fileName = cleanFileName(upload.filename, type);
        const id = await db.transaction(async (tx) => {
          await check(tx);
          return insertEvidence(
            tx,
            {
              memberId,
              owner,
              fileName,
              storageKey: stored.key,
              contentType: type,
              sizeBytes: stored.size,
              sha256: stored.sha256,
            },
            now,
          );
        });
        return { id, fileName, contentType: type, sizeBytes: stored.size, uploadedAt: now.toISOString() };
      } catch (error) {
        await store.remove(stored.key);
        throw error;
      }
    },

    /**
     * A file for whoever may see its claim or request: the member who owns it, or a reviewer of the
     * member's province once it has been submitted. Anyone else is told it does not exist.
     */
    async open(principal: Principal, id: number): Promise<{ file: EvidenceRow; stream: Readable }> {
      const file = await evidenceSubject(db, id);
      if (!file) throw notFound('文件');
      const own = principal.kind === 'member' && principal.id === file.memberId;
      const reviewer =
        principal.kind === 'staff' &&
        principal.role === 'provincial_reviewer' &&
        principal.provinceCode === file.provinceCode &&
        file.subjectStatus !== 'draft' &&
        file.subjectStatus !== 'withdrawn';
      if (!own && !reviewer) throw notFound('文件');
      return { file, stream: await store.open(file.storageKey) };
    },
  };
}
