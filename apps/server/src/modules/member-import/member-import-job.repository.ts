import type { ImportResult } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface MemberImportRow {
  id: number;
  dryRun: boolean;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  fileName: string;
  totalRows: number | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  errorCount: number;
  errors: ImportResult['errors'];
  error: string | null;
  requestedBy: number;
  requestedIp: string | null;
  /** the requester's user name (for the audit rows), read when the import is claimed */
  requestedByName?: string;
}

const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const toImport = (r: Row): MemberImportRow => ({
  id: Number(r.id),
  dryRun: Boolean(r.dry_run),
  status: r.status as MemberImportRow['status'],
  progress: Number(r.progress),
  fileName: String(r.file_name),
  totalRows: int(r.total_rows),
  created: int(r.created_count),
  updated: int(r.updated_count),
  unchanged: int(r.unchanged_count),
  errorCount: Number(r.error_count),
  errors: (r.errors ?? []) as ImportResult['errors'],
  error: (r.error as string | null) ?? null,
  requestedBy: Number(r.requested_by),
  requestedIp: (r.requested_ip as string | null) ?? null,
  ...(r.requested_by_name ? { requestedByName: String(r.requested_by_name) } : {}),
});

export async function insertMemberImport(
  db: Executor,
  i: { dryRun: boolean; fileName: string; requestedBy: number; ip: string | null; at: Date },
): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO member_imports (dry_run, file_name, requested_by, requested_ip, requested_at)
    VALUES (${i.dryRun}, ${i.fileName}, ${i.requestedBy}, ${i.ip}, ${i.at.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function findMemberImport(db: Executor, id: number): Promise<MemberImportRow | null> {
  const { rows } = await db.execute<Row>(sql`SELECT * FROM member_imports WHERE id = ${id}`);
  return rows[0] ? toImport(rows[0]) : null;
}

/** The oldest queued import, or one left running by a process that died before `staleBefore`. */
export async function claimNextMemberImport(
  db: Executor,
  now: Date,
  staleBefore: Date,
): Promise<MemberImportRow | null> {
  const { rows } = await db.execute<Row>(sql`
    UPDATE member_imports SET status = 'running', started_at = ${now.toISOString()}::timestamptz, progress = 0
    WHERE id = (
      SELECT id FROM member_imports
      WHERE status = 'queued' OR (status = 'running' AND started_at < ${staleBefore.toISOString()}::timestamptz)
      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *, (SELECT username FROM staff WHERE staff.id = requested_by) AS requested_by_name`);
  return rows[0] ? toImport(rows[0]) : null;
}

export async function setMemberImportProgress(db: Executor, id: number, progress: number, now: Date) {
  // started_at is renewed so that a live import is never taken for a dead one
  await db.execute(sql`
    UPDATE member_imports SET progress = ${progress}, started_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id} AND status = 'running'`);
}

/** The outcome: counts, the first `keep` row errors and their number. */
export async function finishMemberImport(
  db: Executor,
  id: number,
  r: Omit<ImportResult, 'dryRun'>,
  keep: number,
  at: Date,
) {
  await db.execute(sql`
    UPDATE member_imports SET status = 'done', progress = 100, total_rows = ${r.total},
      created_count = ${r.created}, updated_count = ${r.updated}, unchanged_count = ${r.unchanged},
      error_count = ${r.errors.length}, errors = ${JSON.stringify(r.errors.slice(0, keep))}::jsonb,
      finished_at = ${at.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

export async function failMemberImport(db: Executor, id: number, error: string, at: Date) {
  await db.execute(sql`
    UPDATE member_imports SET status = 'failed', error = ${error}, finished_at = ${at.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

/** A checked dry run without errors queued again to be applied; false when it is not in that state. */
export async function queueDryRunForCommit(db: Executor, id: number): Promise<boolean> {
  const { rows } = await db.execute<Row>(sql`
    UPDATE member_imports SET dry_run = false, status = 'queued', progress = 0, finished_at = NULL
    WHERE id = ${id} AND dry_run AND status = 'done' AND error_count = 0
    RETURNING id`);
  return rows.length === 1;
}

/** The files of imports still to be run (queued or running). */
export async function pendingImportFiles(db: Executor): Promise<Set<string>> {
  const { rows } = await db.execute<Row>(
    sql`SELECT file_name FROM member_imports WHERE status IN ('queued', 'running')`,
  );
  return new Set(rows.map((r) => String(r.file_name)));
}
