import type { ExportReport } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface ExportRow {
  id: number;
  report: ExportReport;
  filters: Record<string, unknown>;
  scopeProvince: string | null;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  progress: number;
  writtenRows: number;
  fileName: string | null;
  error: string | null;
  requestedBy: number;
  requestedAt: Date;
  finishedAt: Date | null;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const toExport = (r: Row): ExportRow => ({
  id: Number(r.id),
  report: r.report as ExportReport,
  filters: (r.filters ?? {}) as Record<string, unknown>,
  scopeProvince: (r.scope_province as string | null) ?? null,
  status: r.status as ExportRow['status'],
  progress: Number(r.progress),
  writtenRows: Number(r.written_rows),
  fileName: (r.file_name as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  requestedBy: Number(r.requested_by),
  requestedAt: date(r.requested_at)!,
  finishedAt: date(r.finished_at),
});

export async function insertExport(
  db: Executor,
  e: { report: ExportReport; filters: unknown; scopeProvince: string | null; requestedBy: number; at: Date },
): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO exports (report, filters, scope_province, requested_by, requested_at)
    VALUES (${e.report}, ${JSON.stringify(e.filters)}::jsonb, ${e.scopeProvince}, ${e.requestedBy},
      ${e.at.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function findExport(db: Executor, id: number): Promise<ExportRow | null> {
  const { rows } = await db.execute<Row>(sql`SELECT * FROM exports WHERE id = ${id}`);
  return rows[0] ? toExport(rows[0]) : null;
}

export async function exportsOf(db: Executor, staffId: number, limit = 20): Promise<ExportRow[]> {
  const { rows } = await db.execute<Row>(
    sql`SELECT * FROM exports WHERE requested_by = ${staffId} ORDER BY id DESC LIMIT ${limit}`,
  );
  return rows.map(toExport);
}

/**
 * Claims the oldest queued export (or one left running by a process that died more than `staleBefore`
 * ago) for this worker: SKIP LOCKED lets several processes claim different exports, never the same one.
 */
export async function claimNextExport(db: Executor, now: Date, staleBefore: Date): Promise<ExportRow | null> {
  const { rows } = await db.execute<Row>(sql`
    UPDATE exports SET status = 'running', started_at = ${now.toISOString()}::timestamptz, progress = 0,
      written_rows = 0
    WHERE id = (
      SELECT id FROM exports
      WHERE status = 'queued' OR (status = 'running' AND started_at < ${staleBefore.toISOString()}::timestamptz)
      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`);
  return rows[0] ? toExport(rows[0]) : null;
}

export async function setExportProgress(
  db: Executor,
  id: number,
  written: number,
  progress: number,
  now: Date,
) {
  // started_at is renewed so that a live export is never taken for a dead one
  await db.execute(sql`
    UPDATE exports SET written_rows = ${written}, progress = ${progress},
      started_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id} AND status = 'running'`);
}

export async function finishExport(db: Executor, id: number, written: number, fileName: string, at: Date) {
  await db.execute(sql`
    UPDATE exports SET status = 'done', progress = 100, written_rows = ${written}, file_name = ${fileName},
      finished_at = ${at.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

export async function failExport(db: Executor, id: number, error: string, at: Date) {
  await db.execute(sql`
    UPDATE exports SET status = 'failed', error = ${error}, finished_at = ${at.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

/** Marks finished exports older than `before` expired; returns their file names (to delete). */
export async function expireExportsBefore(db: Executor, before: Date): Promise<string[]> {
  const { rows } = await db.execute<Row>(sql`
    UPDATE exports SET status = 'expired'
    WHERE status = 'done' AND finished_at < ${before.toISOString()}::timestamptz
    RETURNING file_name`);
  return rows.flatMap((r) => (r.file_name ? [String(r.file_name)] : []));
}

/** The files still wanted: finished exports' files and the ids of exports being written. */
export async function liveExportFiles(db: Executor): Promise<{ files: Set<string>; writing: Set<number> }> {
  const { rows } = await db.execute<Row>(sql`
    SELECT id, status, file_name FROM exports WHERE status IN ('queued', 'running', 'done')`);
  const files = new Set<string>();
  const writing = new Set<number>();
  for (const r of rows) {
    if (r.status === 'done' && r.file_name) files.add(String(r.file_name));
    else if (r.status !== 'done') writing.add(Number(r.id));
  }
  return { files, writing };
}

/** Which of these exports failed. */
export async function failedExportIds(db: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.execute<Row>(sql`
    SELECT id FROM exports WHERE status = 'failed' AND id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return new Set(rows.map((r) => Number(r.id)));
}
