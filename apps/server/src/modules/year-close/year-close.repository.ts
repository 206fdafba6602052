import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface YearClosure {
  year: number;
  status: 'closed' | 'reopened';
  ruleVersion: number;
  closedAt: Date;
  closedBy: string | null;
  reopenedAt: Date | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

export async function findClosure(db: Executor, year: number, lock = false): Promise<YearClosure | null> {
  const { rows } = await db.execute<Row>(sql`
    SELECT c.year, c.status, c.rule_version, c.closed_at, c.reopened_at, c.reopen_reason,
           closer.name AS closed_by, opener.name AS reopened_by
      FROM year_closures c
      LEFT JOIN staff closer ON closer.id = c.closed_by
      LEFT JOIN staff opener ON opener.id = c.reopened_by
     WHERE c.year = ${year}
    ${lock ? sql`FOR UPDATE OF c` : sql``}`);
  const r = rows[0];
  return r
    ? {
        year: Number(r.year),
        status: r.status as YearClosure['status'],
        ruleVersion: Number(r.rule_version),
        closedAt: new Date(r.closed_at as string),
        closedBy: (r.closed_by as string | null) ?? null,
        reopenedAt: r.reopened_at ? new Date(r.reopened_at as string) : null,
        reopenedBy: (r.reopened_by as string | null) ?? null,
        reopenReason: (r.reopen_reason as string | null) ?? null,
      }
    : null;
}

export async function closeYearRow(db: Executor, year: number, ruleVersion: number, by: number, at: Date) {
  await db.execute(sql`
    INSERT INTO year_closures (year, status, rule_version, closed_at, closed_by)
    VALUES (${year}, 'closed', ${ruleVersion}, ${at.toISOString()}::timestamptz, ${by})
    ON CONFLICT (year) DO UPDATE SET status = 'closed', rule_version = EXCLUDED.rule_version,
      closed_at = EXCLUDED.closed_at, closed_by = EXCLUDED.closed_by,
      reopened_at = NULL, reopened_by = NULL, reopen_reason = NULL`);
}

export async function reopenYearRow(db: Executor, year: number, by: number, reason: string, at: Date) {
  await db.execute(sql`
    UPDATE year_closures SET status = 'reopened', reopened_at = ${at.toISOString()}::timestamptz,
      reopened_by = ${by}, reopen_reason = ${reason}
    WHERE year = ${year}`);
}

/** True when the error is the ledger trigger's refusal of an entry for a closed year. */
export function isYearClosedError(err: unknown): boolean {
  for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 'CPE01') return true;
  }
  return false;
}
