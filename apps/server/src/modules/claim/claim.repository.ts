import type { ClaimStatus } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface ClaimRow {
  id: number;
  memberId: number;
  provinceCode: string;
  year: number;
  item: string;
  itemVersion: number;
  unitsHundredths: number;
  details: Record<string, string>;
  uniqueTokens: string[];
  status: ClaimStatus;
  computedHundredths: number | null;
  grantedHundredths: number | null;
  ruleSetVersion: number | null;
  reviewerId: number | null;
  reviewComment: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toClaim(r: Record<string, unknown>): ClaimRow {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    provinceCode: String(r.province_code),
    year: Number(r.year),
    item: String(r.item),
    itemVersion: Number(r.item_version),
    unitsHundredths: Number(r.units_hundredths),
    details: json(r.details),
    uniqueTokens: json(r.unique_tokens),
    status: r.status as ClaimStatus,
    computedHundredths: r.computed_hundredths === null ? null : Number(r.computed_hundredths),
    grantedHundredths: r.granted_hundredths === null ? null : Number(r.granted_hundredths),
    ruleSetVersion: r.rule_set_version === null ? null : Number(r.rule_set_version),
    reviewerId: r.reviewer_id === null ? null : Number(r.reviewer_id),
    reviewComment: (r.review_comment as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    decidedAt: date(r.decided_at),
    createdAt: new Date(r.created_at as string | Date),
  };
}

const CLAIM_COLUMNS = sql`c.id, c.member_id, m.province_code, c.year, c.item, c.item_version, c.units_hundredths,
  c.details, c.unique_tokens, c.status, c.computed_hundredths, c.granted_hundredths, c.rule_set_version,
  c.reviewer_id, c.review_comment, c.submitted_at, c.decided_at, c.created_at`;

/** Serialises every submission and decision of one member: caps and duplicates are checked under it. */
export async function lockMember(db: Executor, memberId: number): Promise<void> {
  await db.execute(sql`SELECT id FROM members WHERE id = ${memberId} FOR UPDATE`);
}

export async function findClaim(db: Executor, id: number, forUpdate = false): Promise<ClaimRow | undefined> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${CLAIM_COLUMNS} FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE c.id = ${id} ${forUpdate ? sql`FOR UPDATE OF c` : sql``}`);
  return rows[0] ? toClaim(rows[0]) : undefined;
}

export async function memberClaims(db: Executor, memberId: number, year: number): Promise<ClaimRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${CLAIM_COLUMNS} FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE c.member_id = ${memberId} AND c.year = ${year} ORDER BY c.created_at DESC, c.id DESC`);
  return rows.map(toClaim);
}

/** The member's claims that hold their work (submitted, returned or approved), any year. */
export async function activeClaims(db: Executor, memberId: number): Promise<ClaimRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${CLAIM_COLUMNS} FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE c.member_id = ${memberId} AND c.status IN ('submitted', 'returned', 'approved')`);
  return rows.map(toClaim);
}

/** Approved claims of a member-year in the order they were decided: the engine's claim facts. */
export async function approvedClaims(db: Executor, memberId: number, year: number): Promise<ClaimRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT ${CLAIM_COLUMNS} FROM output_claims c JOIN members m ON m.id = c.member_id
    WHERE c.member_id = ${memberId} AND c.year = ${year} AND c.status = 'approved'
    ORDER BY c.decided_at, c.id`);
  return rows.map(toClaim);
}

export interface ClaimDraft {
  memberId: number;
  year: number;
  item: string;
  itemVersion: number;
  unitsHundredths: number;
  details: Record<string, string>;
  uniqueTokens: string[];
}

export async function insertClaim(db: Executor, c: ClaimDraft, now: Date): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO output_claims (member_id, year, item, item_version, units_hundredths, details, unique_tokens,
      status, created_at, updated_at)
    VALUES (${c.memberId}, ${c.year}, ${c.item}, ${c.itemVersion}, ${c.unitsHundredths},
      ${JSON.stringify(c.details)}::jsonb, ${JSON.stringify(c.uniqueTokens)}::jsonb, 'draft',
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function updateClaimDraft(db: Executor, id: number, c: ClaimDraft, now: Date): Promise<void> {
  await db.execute(sql`
    UPDATE output_claims SET year = ${c.year}, item = ${c.item}, item_version = ${c.itemVersion},
      units_hundredths = ${c.unitsHundredths}, details = ${JSON.stringify(c.details)}::jsonb,
      unique_tokens = ${JSON.stringify(c.uniqueTokens)}::jsonb, updated_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

export async function markSubmitted(db: Executor, id: number, computed: number, now: Date): Promise<void> {
  await db.execute(sql`
    UPDATE output_claims SET status = 'submitted', computed_hundredths = ${computed},
      submitted_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

export async function setClaimStatus(
  db: Executor,
  id: number,
  status: ClaimStatus,
  now: Date,
): Promise<void> {
  await db.execute(sql`
    UPDATE output_claims SET status = ${status}, updated_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
}

export interface ClaimDecision {
  status: 'approved' | 'rejected' | 'returned' | 'reversed';
  grantedHundredths?: number | null;
  reviewerId: number;
  comment: string;
  ruleSetVersion: number;
}

export async function recordClaimDecision(
  db: Executor,
  id: number,
  d: ClaimDecision,
  now: Date,
): Promise<void> {
  await db.execute(sql`
    UPDATE output_claims SET status = ${d.status},
      granted_hundredths = ${d.status === 'approved' ? (d.grantedHundredths ?? null) : sql`granted_hundredths`},
      reviewer_id = ${d.reviewerId}, review_comment = ${d.comment}, rule_set_version = ${d.ruleSetVersion},
      decided_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

// ---- Evidence rows ----

export interface EvidenceRow {
  id: number;
  memberId: number;
  claimId: number | null;
  exemptionId: number | null;
  fileName: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}

function toEvidence(r: Record<string, unknown>): EvidenceRow {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    claimId: r.claim_id === null ? null : Number(r.claim_id),
    exemptionId: r.exemption_id === null ? null : Number(r.exemption_id),
    fileName: String(r.file_name),
    storageKey: String(r.storage_key),
    contentType: String(r.content_type),
    sizeBytes: Number(r.size_bytes),
    createdAt: new Date(r.created_at as string | Date),
  };
}

export type EvidenceOwner = { claimId: number } | { exemptionId: number };

export async function insertEvidence(
  db: Executor,
  e: {
    memberId: number;
    owner: EvidenceOwner;
    fileName: string;
    storageKey: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
  },
  now: Date,
): Promise<number> {
  const claimId = 'claimId' in e.owner ? e.owner.claimId : null;
  const exemptionId = 'exemptionId' in e.owner ? e.owner.exemptionId : null;
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO evidence_files (member_id, claim_id, exemption_id, file_name, storage_key, content_type,
      size_bytes, sha256, created_at)
    VALUES (${e.memberId}, ${claimId}, ${exemptionId}, ${e.fileName}, ${e.storageKey}, ${e.contentType},
      ${e.sizeBytes}, ${e.sha256}, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function evidenceOf(
  db: Executor,
  owner: 'claim' | 'exemption',
  ids: number[],
): Promise<EvidenceRow[]> {
  if (ids.length === 0) return [];
  const column = owner === 'claim' ? sql`claim_id` : sql`exemption_id`;
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT * FROM evidence_files WHERE ${column} IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) ORDER BY id`);
  return rows.map(toEvidence);
}

export async function findEvidence(db: Executor, id: number): Promise<EvidenceRow | undefined> {
  const { rows } = await db.execute<Record<string, unknown>>(
    sql`SELECT * FROM evidence_files WHERE id = ${id}`,
  );
  return rows[0] ? toEvidence(rows[0]) : undefined;
}

export async function deleteEvidence(db: Executor, id: number): Promise<void> {
  await db.execute(sql`DELETE FROM evidence_files WHERE id = ${id}`);
}

/** The member and province an evidence file belongs to, and the status of its claim or request. */
export async function evidenceSubject(db: Executor, id: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT f.*, m.province_code, COALESCE(c.status, x.status) AS subject_status
    FROM evidence_files f JOIN members m ON m.id = f.member_id
    LEFT JOIN output_claims c ON c.id = f.claim_id
    LEFT JOIN exemption_requests x ON x.id = f.exemption_id
    WHERE f.id = ${id}`);
  const r = rows[0];
  if (!r) return undefined;
  return { ...toEvidence(r), provinceCode: String(r.province_code), subjectStatus: String(r.subject_status) };
}

export async function memberContact(db: Executor, memberId: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT id, name, username, member_type, mobile, province_code, to_char(registered_on, 'YYYY-MM-DD') AS registered_on
    FROM members WHERE id = ${memberId}`);
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    name: String(r.name),
    username: String(r.username),
    memberType: r.member_type as 'practicing' | 'non_practicing',
    mobile: String(r.mobile),
    provinceCode: String(r.province_code),
    registeredOn: String(r.registered_on),
  };
}
