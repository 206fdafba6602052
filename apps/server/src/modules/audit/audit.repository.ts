import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

export interface AuditEntry {
  at: Date;
  actorType: 'member' | 'staff' | 'anonymous' | 'system';
  actorId?: number | null;
  actorName?: string | null;
  action: string;
  target?: string | null;
  result: 'success' | 'failure' | 'denied';
  ip?: string | null;
  /** Never passwords, codes, tokens, full ID or phone numbers (PI-2). */
  detail?: Record<string, unknown>;
}

/** Append-only (LOG-1): there is deliberately no update here; rows leave only by `deleteAuditBefore`. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: entry.at,
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    action: entry.action,
    target: entry.target ?? null,
    result: entry.result,
    ip: entry.ip ?? null,
    detail: entry.detail ?? null,
  });
}

/**
 * The retention job's removal of rows older than `cutoff` (LOG-1); returns how many went. This is the
 * one path the audit_log trigger lets delete: it marks its own transaction with cpe.audit_retention, and
 * the trigger still refuses rows younger than the 184-day minimum.
 */
export async function deleteAuditBefore(db: Executor, cutoff: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('cpe.audit_retention', 'on', true)`);
    const deleted = await tx.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id });
    return deleted.length;
  });
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  /** inclusive dates YYYY-MM-DD, Asia/Shanghai */
  from?: string;
  to?: string;
}

function auditWhere(f: AuditFilter) {
  const parts = [sql`TRUE`];
  if (f.actor) parts.push(sql`a.actor_name ILIKE ${`%${f.actor}%`}`);
  if (f.action) parts.push(sql`a.action ILIKE ${`%${f.action}%`}`);
  if (f.target) parts.push(sql`a.target ILIKE ${`%${f.target}%`}`);
  if (f.from) parts.push(sql`a.at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) parts.push(sql`a.at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  return sql.join(parts, sql` AND `);
}

type Row = Record<string, unknown>;
const auditRow = (r: Row) => ({
  id: Number(r.id),
  at: new Date(r.at as string).toISOString(),
  actorType: String(r.actor_type),
  actorName: (r.actor_name as string | null) ?? null,
  action: String(r.action),
  target: (r.target as string | null) ?? null,
  result: String(r.result),
  ip: (r.ip as string | null) ?? null,
  detail: r.detail === null || r.detail === undefined ? null : JSON.stringify(r.detail),
});
export type AuditListRow = ReturnType<typeof auditRow>;

/** The audit view: newest first, filtered by actor, action, target and date. */
export async function listAudit(db: Executor, f: AuditFilter, page: number, pageSize: number) {
  const where = auditWhere(f);
  const [count, rows] = await Promise.all([
    db.execute<Row>(sql`SELECT count(*)::int AS n FROM audit_log a WHERE ${where}`),
    db.execute<Row>(sql`SELECT * FROM audit_log a WHERE ${where} ORDER BY a.id DESC
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  ]);
  return { total: Number(count.rows[0]?.n ?? 0), rows: rows.rows.map(auditRow) };
}

export async function countAudit(db: Executor, f: AuditFilter): Promise<number> {
  const { rows } = await db.execute<Row>(
    sql`SELECT count(*)::int AS n FROM audit_log a WHERE ${auditWhere(f)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The same rows in keyset pages (newest first), for exports. */
export async function* auditPages(db: Executor, f: AuditFilter, pageSize = 2000) {
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const { rows } =
      await db.execute<Row>(sql`SELECT * FROM audit_log a WHERE ${auditWhere(f)} AND a.id < ${before}
      ORDER BY a.id DESC LIMIT ${pageSize}`);
    if (rows.length === 0) return;
    yield rows.map(auditRow);
    before = Number(rows[rows.length - 1]!.id);
    if (rows.length < pageSize) return;
  }
}
