import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface DecisionInput {
  subjectType: 'claim' | 'exemption';
  subjectId: number;
  action: 'approve' | 'reject' | 'return' | 'reverse';
  staffId: number;
  grantedHundredths?: number | null;
  comment: string;
  ruleSetVersion: number;
}

/** One row per review action, with the rule-set version it used; returns its id. */
export async function insertDecision(db: Executor, d: DecisionInput, now: Date): Promise<number> {
  const { rows } = await db.execute<{ id: number | string }>(sql`
    INSERT INTO review_decisions (subject_type, subject_id, action, staff_id, granted_hundredths, comment,
      rule_set_version, decided_at)
    VALUES (${d.subjectType}, ${d.subjectId}, ${d.action}, ${d.staffId}, ${d.grantedHundredths ?? null},
      ${d.comment}, ${d.ruleSetVersion}, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export interface QueueFilter {
  province: string;
  status?: string;
  year?: number;
  item?: string;
  q?: string;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Ids of the province's claims matching the filter (newest submission first), at most 200. */
export async function queueClaimIds(db: Executor, f: QueueFilter): Promise<number[]> {
  const { rows } = await db.execute<{ id: number }>(sql`
    SELECT c.id FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE m.province_code = ${f.province} AND c.status <> 'draft' AND c.status <> 'withdrawn'
      ${f.status && f.status !== 'all' ? sql`AND c.status = ${f.status}` : sql``}
      ${f.year ? sql`AND c.year = ${f.year}` : sql``}
      ${f.item ? sql`AND c.item = ${f.item}` : sql``}
      ${f.q ? sql`AND (m.name LIKE ${like(f.q)} OR m.username LIKE ${like(f.q)} OR c.details::text LIKE ${like(f.q)})` : sql``}
    ORDER BY c.submitted_at ASC NULLS LAST, c.id LIMIT 200`);
  return rows.map((r) => Number(r.id));
}

export async function claimCounts(
  db: Executor,
  province: string,
  year?: number,
): Promise<Record<string, number>> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT c.status, count(*)::int AS n FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE m.province_code = ${province} ${year ? sql`AND c.year = ${year}` : sql``}
    GROUP BY c.status`);
  return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
}

export async function queueExemptionIds(db: Executor, f: QueueFilter): Promise<number[]> {
  const { rows } = await db.execute<{ id: number }>(sql`
    SELECT x.id FROM exemption_requests x JOIN members m ON m.id = x.member_id
    WHERE m.province_code = ${f.province} AND x.status <> 'draft' AND x.status <> 'withdrawn'
      ${f.status && f.status !== 'all' ? sql`AND x.status = ${f.status}` : sql``}
      ${f.year ? sql`AND x.year = ${f.year}` : sql``}
      ${f.item ? sql`AND x.ground = ${f.item}` : sql``}
      ${f.q ? sql`AND (m.name LIKE ${like(f.q)} OR m.username LIKE ${like(f.q)})` : sql``}
    ORDER BY x.submitted_at ASC NULLS LAST, x.id LIMIT 200`);
  return rows.map((r) => Number(r.id));
}

export async function exemptionCounts(
  db: Executor,
  province: string,
  year?: number,
): Promise<Record<string, number>> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT x.status, count(*)::int AS n FROM exemption_requests x JOIN members m ON m.id = x.member_id
    WHERE m.province_code = ${province} ${year ? sql`AND x.year = ${year}` : sql``}
    GROUP BY x.status`);
  return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
}
