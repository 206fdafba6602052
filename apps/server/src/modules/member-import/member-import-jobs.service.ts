import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MemberImportJob } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import type { MemberImportService } from './member-import.service.ts';
import {
  claimNextMemberImport,
  failMemberImport,
  findMemberImport,
  finishMemberImport,
  insertMemberImport,
  type MemberImportRow,
  pendingImportFiles,
  queueDryRunForCommit,
  setMemberImportProgress,
} from './member-import-job.repository.ts';

export type MemberImportJobs = ReturnType<typeof memberImportJobs>;

const STALE_MS = 10 * 60_000;
/** How long a checked file waits for 确认导入 before it is deleted. */
const KEEP_CHECKED_MS = 24 * 3_600_000;
/** How many row errors an import keeps to show (the count covers them all). */
export const KEPT_ERRORS = 200;

export const importDir = (deps: Deps) => resolve(join(deps.config.DATA_DIR, 'imports'));

const present = (i: MemberImportRow): MemberImportJob => ({
  id: i.id,
  dryRun: i.dryRun,
  status: i.status,
  progress: i.progress,
  total: i.totalRows,
  created: i.created,
  updated: i.updated,
  unchanged: i.unchanged,
  errors: i.errors,
  errorCount: i.errorCount,
  error: i.error,
});

/**
 * Member imports as background jobs: the upload is kept in a file, a worker checks its rows with
 * progress and, unless it is a dry run, applies them and marks the import done in one transaction. A run
 * killed midway is taken up again (stale `running`) and changes nothing twice: the data is applied all or
 * nothing, together with the row that says so.
 */
export function memberImportJobs(deps: Deps, imports: MemberImportService) {
  const { db, clock } = deps;
  let running: Promise<unknown> = Promise.resolve();

  async function produce(job: MemberImportRow) {
    const file = await readFile(join(importDir(deps), job.fileName));
    const actor = { id: job.requestedBy, username: job.requestedByName ?? `staff:${job.requestedBy}` };
    const result = await imports.import(actor, file, job.dryRun, job.requestedIp, {
      progress: (p) => setMemberImportProgress(db, job.id, Math.min(99, p), clock.now()),
      whileSaving: (tx, r) => finishMemberImport(tx, job.id, r, KEPT_ERRORS, clock.now()),
    });
    // dry runs and files with row errors saved nothing: only the outcome is recorded
    if (job.dryRun || result.errors.length > 0) {
      await finishMemberImport(db, job.id, result, KEPT_ERRORS, clock.now());
    }
    // the file is kept for a dry run without errors (确认导入 applies it); otherwise it has served
    if (!job.dryRun || result.errors.length > 0) {
      await rm(join(importDir(deps), job.fileName), { force: true });
    }
  }

  /** Deletes uploads nobody will run any more: older than a day and not queued or running. */
  async function removeOldFiles() {
    const dir = importDir(deps);
    if (!existsSync(dir)) return 0;
    const pending = await pendingImportFiles(db);
    const before = clock.now().getTime() - KEEP_CHECKED_MS;
    let removed = 0;
    for (const name of await readdir(dir)) {
      if (pending.has(name) || (await stat(join(dir, name))).mtime.getTime() >= before) continue;
      await rm(join(dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  async function owned(staff: StaffPrincipal, id: number) {
    const job = await findMemberImport(db, id);
    if (!job || job.requestedBy !== staff.id) throw notFound('导入任务');
    return job;
  }

  const service = {
    /** Stores the upload and queues it; `truncated()` says whether the upload went over the limit. */
    async request(
      staff: StaffPrincipal,
      upload: Readable,
      truncated: () => boolean,
      dryRun: boolean,
      ip: string | null,
    ) {
      const dir = importDir(deps);
      mkdirSync(dir, { recursive: true });
      const fileName = `import-${randomBytes(12).toString('hex')}.xlsx`;
      await pipeline(upload, createWriteStream(join(dir, fileName)));
      if (truncated()) {
        await rm(join(dir, fileName), { force: true });
        throw new AppError('PAYLOAD_TOO_LARGE', '导入文件不能超过 30 MB');
      }
      const at = clock.now();
      const id = await db.transaction(async (tx) => {
        const importId = await insertMemberImport(tx, { dryRun, fileName, requestedBy: staff.id, ip, at });
        await recordAudit(tx, {
          at,
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          action: 'member.import_request',
          target: `member-import:${importId}`,
          result: 'success',
          ip,
          detail: { dryRun },
        });
        return importId;
      });
      service.kick();
      return { id };
    },

    status: async (staff: StaffPrincipal, id: number) => present(await owned(staff, id)),

    /** 确认导入: a checked dry run without errors is queued again, this time to be applied. */
    async commit(staff: StaffPrincipal, id: number) {
      const job = await owned(staff, id);
      if (job.status === 'done' && !existsSync(join(importDir(deps), job.fileName))) {
        throw new AppError('CONFLICT', '预检结果已过期，请重新上传文件预检');
      }
      if (!(await queueDryRunForCommit(db, id))) {
        throw new AppError('CONFLICT', '只有预检完成且没有错误的导入才能确认导入');
      }
      service.kick();
      return present((await findMemberImport(db, id))!);
    },

    /** Runs queued imports until none is left; safe in several processes at once (SKIP LOCKED). */
    async runPending() {
      let done = 0;
      let failed = 0;
      for (;;) {
        const now = clock.now();
        const job = await claimNextMemberImport(db, now, new Date(now.getTime() - STALE_MS));
        if (!job) break;
        try {
          await produce(job);
          done++;
        } catch (e) {
          failed++;
          const message = e instanceof AppError ? e.message : '导入失败，请稍后重试';
          await failMemberImport(db, job.id, message, clock.now());
          await rm(join(importDir(deps), job.fileName), { force: true });
          deps.log?.error({ err: e, importId: job.id }, 'member import failed');
        }
      }
      return { done, failed, removedFiles: await removeOldFiles() };
    },

    kick() {
      running = running.then(() => service.runPending()).catch(() => undefined);
    },

    idle: () => running,
  };
  return service;
}
