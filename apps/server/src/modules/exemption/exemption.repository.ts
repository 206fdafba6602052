import type { ExemptionStatus } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface ExemptionRow {
  id: number;
  memberId: number;
  provinceCode: string;
  year: number;
  ground: string;
  groundVersion: number;
  periodFrom: string;
  periodTo: string;
  note: string;
  status: ExemptionStatus;
  ruleSetVersion: number | null;
  reviewerId: number | null;
  reviewComment: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));

function toRow(r: Record<string, unknown>): ExemptionRow {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    provinceCode: String(r.province_code),
    year: Number(r.year),
    ground: String(r.ground),
    groundVersion: Number(r.ground_version),
    periodFrom: String(r.period_from_text),
    periodTo: String(r.period_to_text),
    note: String(r.note),
    status: r.status as ExemptionStatus,
    ruleSetVersion: r.rule_set_version === null ? null : Number(r.rule_set_version),
    reviewerId: r.reviewer_id === null ? null : Number(r.reviewer_id),
    reviewComment: (r.review_comment as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    decidedAt: date(r.decided_at),
    createdAt: new Date(r.created_at as string | Date),
  };
}

const COLUMNS = sql`x.*, m.province_code, to_char(x.period_from, 'YYYY-MM-DD') AS period_from_text,
  to_char(x.period_to, 'YYYY-MM-DD') AS period_to_text`;

export async function findExemption(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<ExemptionRow | undefined> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${COLUMNS} FROM exemption_requests x JOIN members m ON m.id = x.member_id
    WHERE x.id = ${id} ${forUpdate ? sql`FOR UPDATE OF x` : sql``}`);
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function memberExemptions(
  db: Executor,
  memberId: number,
  year: number,
): Promise<ExemptionRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${COLUMNS} FROM exemption_requests x JOIN members m ON m.id = x.member_id
    WHERE x.member_id = ${memberId} AND x.year = ${year} ORDER BY x.created_at DESC, x.id DESC`);
  return rows.map(toRow);
}

export interface ExemptionDraft {
  memberId: number;
  year: number;
  ground: string;
  groundVersion: number;
  periodFrom: string;
  periodTo: string;
  note: string;
}

export async function insertExemption(db: Executor, e: ExemptionDraft, now: Date): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO exemption_requests (member_id, year, ground, ground_version, period_from, period_to, note, status,
      created_at, updated_at)
    VALUES (${e.memberId}, ${e.year}, ${e.ground}, ${e.groundVersion}, ${e.periodFrom}::date, ${e.periodTo}::date,
      ${e.note}, 'draft', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function setExemptionStatus(
  db: Executor,
  id: number,
  status: ExemptionStatus,
  now: Date,
  submitted = false,
): Promise<void> {
  await db.execute(sql`
    UPDATE exemption_requests SET status = ${status}, updated_at = ${now.toISOString()}::timestamptz
      ${submitted ? sql`, submitted_at = ${now.toISOString()}::timestamptz` : sql``}
    WHERE id = ${id}`);
}

export async function recordExemptionDecision(
  db: Executor,
  id: number,
  d: {
    status: 'approved' | 'rejected' | 'returned';
    reviewerId: number;
    comment: string;
    ruleSetVersion: number;
  },
  now: Date,
): Promise<void> {
  await db.execute(sql`
    UPDATE exemption_requests SET status = ${d.status}, reviewer_id = ${d.reviewerId}, review_comment = ${d.comment},
      rule_set_version = ${d.ruleSetVersion}, decided_at = ${now.toISOString()}::timestamptz,
      updated_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

/** The member's submitted or approved requests of the year on the same ground (one is enough). */
export async function activeExemptionsOnGround(db: Executor, memberId: number, year: number, ground: string) {
  const { rows } = await db.execute<{ id: number }>(sql`
    SELECT id FROM exemption_requests
    WHERE member_id = ${memberId} AND year = ${year} AND ground = ${ground}
      AND status IN ('submitted', 'returned', 'approved')`);
  return rows.map((r) => Number(r.id));
}
