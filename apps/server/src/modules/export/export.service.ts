import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CreateExportRequest, ExportJob } from '@cpe/shared';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { writeXlsx } from '../../documents/xlsx.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { scopeProvince } from '../report/report.service.ts';
import {
  claimNextExport,
  type ExportRow,
  exportsOf,
  failExport,
  findExport,
  finishExport,
  insertExport,
  setExportProgress,
} from './export.repository.ts';
import { type ExportDefinition, findExportDefinition } from './registry.ts';

export type ExportService = ReturnType<typeof exportService>;

const STALE_MS = 10 * 60_000;

export const exportDir = (deps: Deps) =>
  resolve(deps.config.EXPORT_DIR ?? join(deps.config.DATA_DIR, 'exports'));

const present = (e: ExportRow): ExportJob => ({
  id: e.id,
  report: e.report,
  status: e.status,
  progress: e.progress,
  rows: e.writtenRows,
  error: e.error,
  requestedAt: e.requestedAt.toISOString(),
  finishedAt: e.finishedAt?.toISOString() ?? null,
});

async function* rowsOf(pages: AsyncIterable<Record<string, unknown>[]>) {
  for await (const page of pages) yield* page;
}

export function exportService(deps: Deps) {
  const { db, clock } = deps;
  let running: Promise<unknown> = Promise.resolve();

  /** Streams one claimed export to its file, recording progress about every percent. */
  async function produce(job: ExportRow, def: ExportDefinition) {
    const ctx = {
      filters: job.filters,
      province: job.scopeProvince,
      currentYear: shanghaiYear(clock.now()),
    };
    const dir = exportDir(deps);
    mkdirSync(dir, { recursive: true });
    const fileName = `export-${job.id}-${randomBytes(8).toString('hex')}.xlsx`;
    const partial = join(dir, `${fileName}.part`);
    const total = await def.count(db, ctx);
    const step = Math.max(1, Math.floor(total / 100));
    const output = createWriteStream(partial);
    const finished = new Promise<void>((ok, fail) => {
      output.on('finish', ok);
      output.on('error', fail);
    });
    const written = await writeXlsx({
      output,
      sheetName: def.title,
      columns: def.columns,
      rows: rowsOf(def.pages(db, ctx)),
      onRow: async (n) => {
        if (n % step === 0 && n < total) {
          await setExportProgress(db, job.id, n, Math.min(99, Math.floor((n * 100) / total)), clock.now());
        }
      },
    });
    await finished;
    await rename(partial, join(dir, fileName));
    await finishExport(db, job.id, written, fileName, clock.now());
    return written;
  }

  const service = {
    async request(staff: StaffPrincipal, req: CreateExportRequest, ip: string | null) {
      const def = findExportDefinition(req.report);
      if (!def) throw new AppError('BAD_REQUEST', '该报表暂不支持导出');
      if (!def.roles.includes(staff.role)) throw forbidden('无权导出该报表');
      // provincial reviewers export their province only; others nationwide (or a province they name)
      const province =
        staff.role === 'provincial_reviewer' || staff.role === 'national_admin'
          ? scopeProvince(staff, typeof req.filters.province === 'string' ? req.filters.province : undefined)
          : null;
      const at = clock.now();
      const id = await db.transaction(async (tx) => {
        const exportId = await insertExport(tx, {
          report: def.report,
          filters: req.filters,
          scopeProvince: province,
          requestedBy: staff.id,
          at,
        });
        await recordAudit(tx, {
          at,
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          action: 'export.request',
          target: `export:${exportId}`,
          result: 'success',
          ip,
          detail: { report: def.report, filters: req.filters, province },
        });
        return exportId;
      });
      service.kick();
      return { id };
    },

    async status(staff: StaffPrincipal, id: number) {
      const job = await findExport(db, id);
      if (!job || job.requestedBy !== staff.id) throw notFound('导出任务');
      return present(job);
    },

    async mine(staff: StaffPrincipal) {
      return (await exportsOf(db, staff.id)).map(present);
    },

    /** The finished file as a stream; the download is audited. */
    async file(staff: StaffPrincipal, id: number, ip: string | null) {
      const job = await findExport(db, id);
      if (!job || job.requestedBy !== staff.id) throw notFound('导出任务');
      if (job.status === 'expired') {
        throw new AppError('EXPORT_EXPIRED', '导出文件已超过保留期限并已删除，请重新导出');
      }
      if (job.status !== 'done' || !job.fileName) throw new AppError('CONFLICT', '导出尚未完成');
      const def = findExportDefinition(job.report)!;
      await recordAudit(db, {
        at: clock.now(),
        actorType: 'staff',
        actorId: staff.id,
        actorName: staff.username,
        action: 'export.download',
        target: `export:${id}`,
        result: 'success',
        ip,
        detail: { report: job.report, rows: job.writtenRows },
      });
      const stamp = job.requestedAt.toISOString().slice(0, 10);
      return {
        stream: createReadStream(join(exportDir(deps), job.fileName)),
        downloadName: `${def.title}-${stamp}-${id}.xlsx`,
      };
    },

    /** Runs queued exports until none is left; safe in several processes at once (SKIP LOCKED). */
    async runPending() {
      let done = 0;
      let failed = 0;
      for (;;) {
        const now = clock.now();
        const job = await claimNextExport(db, now, new Date(now.getTime() - STALE_MS));
        if (!job) break;
        const def = findExportDefinition(job.report);
        try {
          if (!def) throw new Error(`no export definition for ${job.report}`);
          await produce(job, def);
          done++;
        } catch (e) {
          failed++;
          await failExport(db, job.id, '导出失败，请稍后重试', clock.now());
          deps.log?.error({ err: e, exportId: job.id }, 'export failed');
        }
      }
      return { done, failed };
    },

    /** Starts the worker in this process now (after a request) instead of waiting for the next tick. */
    kick() {
      running = running.then(() => service.runPending()).catch(() => undefined);
    },

    /** Resolves when this process's worker is idle (shutdown and tests). */
    idle: () => running,
  };
  return service;
}
