import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface IntegrationClient {
  id: number;
  instituteId: number;
  keyId: string;
  secret: string;
  disabled: boolean;
}

export async function clientByKey(db: Executor, keyId: string): Promise<IntegrationClient | null> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT id, institute_id, key_id, secret, disabled_at IS NOT NULL AS disabled
    FROM integration_clients WHERE key_id = ${keyId}`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    instituteId: Number(r.institute_id),
    keyId: String(r.key_id),
    secret: String(r.secret),
    disabled: Boolean(r.disabled),
  };
}

/**
 * Records a request's nonce for its key; false when it was already seen (a replay). Nonces older than
 * `forgetBefore` are deleted first: their requests are refused by their timestamp anyway.
 */
export async function rememberNonce(
  db: Executor,
  clientId: number,
  nonce: string,
  seenAt: Date,
  forgetBefore: Date,
): Promise<boolean> {
  await db.execute(sql`
    DELETE FROM integration_nonces WHERE client_id = ${clientId} AND seen_at < ${forgetBefore.toISOString()}::timestamptz`);
  const { rows } = await db.execute(sql`
    INSERT INTO integration_nonces (client_id, nonce, seen_at)
    VALUES (${clientId}, ${nonce}, ${seenAt.toISOString()}::timestamptz)
    ON CONFLICT (client_id, nonce) DO NOTHING RETURNING 1 AS ok`);
  return rows.length === 1;
}

export interface RecordMember {
  id: number;
  memberType: 'practicing' | 'non_practicing';
  username: string;
  name: string;
  provinceCode: string;
  year: number;
  /** the institute chosen for the year asked, null when none */
  instituteId: number | null;
}

/** Members by certificate number and type, each with the institute chosen for the year given. */
export async function recordMembers(
  db: Executor,
  keys: Array<{ memberType: string; username: string; year: number }>,
): Promise<RecordMember[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT DISTINCT m.id, m.member_type, m.username, m.name, m.province_code, k.year, ic.institute_id
    FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k("memberType" text, username text, year int)
    JOIN members m ON m.username = k.username AND m.member_type = k."memberType"
    LEFT JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = k.year`);
  return rows.map((r) => ({
    id: Number(r.id),
    memberType: r.member_type as RecordMember['memberType'],
    username: String(r.username),
    name: String(r.name),
    provinceCode: String(r.province_code),
    year: Number(r.year),
    instituteId: r.institute_id == null ? null : Number(r.institute_id),
  }));
}

/** Of these years, those closed (year close): they take no hours until re-opened. */
export async function closedYears(db: Executor, years: number[]): Promise<Set<number>> {
  if (years.length === 0) return new Set();
  const { rows } = await db.execute<{ year: number }>(sql`
    SELECT year FROM year_closures
    WHERE status = 'closed' AND year IN (${sql.join(
      years.map((y) => sql`${y}`),
      sql`, `,
    )})`);
  return new Set(rows.map((r) => Number(r.year)));
}

/** What a record is: compared field by field when its id comes again. */
export interface StoredRecord {
  recordId: string;
  memberId: number;
  year: number;
  courseTitle: string;
  lessonTitle: string;
  kind: 'required' | 'elective';
  ethics: boolean;
  hoursHundredths: number;
  completedAt: Date;
  evaluatedAt: Date;
}

export async function storedRecords(
  db: Executor,
  instituteId: number,
  recordIds: string[],
): Promise<StoredRecord[]> {
  if (recordIds.length === 0) return [];
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT record_id, member_id, year, course_title, lesson_title, kind, ethics, hours_hundredths,
           completed_at, evaluated_at
    FROM integration_hour_records
    WHERE institute_id = ${instituteId}
      AND record_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb))`);
  return rows.map((r) => ({
    recordId: String(r.record_id),
    memberId: Number(r.member_id),
    year: Number(r.year),
    courseTitle: String(r.course_title),
    lessonTitle: String(r.lesson_title),
    kind: r.kind as StoredRecord['kind'],
    ethics: Boolean(r.ethics),
    hoursHundredths: Number(r.hours_hundredths),
    completedAt: new Date(r.completed_at as string | Date),
    evaluatedAt: new Date(r.evaluated_at as string | Date),
  }));
}

export async function createBatch(db: Executor, clientId: number, receivedAt: Date): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO integration_batches (client_id, received_at, accepted, duplicates, refused)
    VALUES (${clientId}, ${receivedAt.toISOString()}::timestamptz, 0, 0, 0) RETURNING id`);
  return Number(rows[0]!.id);
}

export async function countBatch(
  db: Executor,
  batchId: number,
  counts: { accepted: number; duplicates: number; refused: number },
) {
  await db.execute(sql`
    UPDATE integration_batches
    SET accepted = ${counts.accepted}, duplicates = ${counts.duplicates}, refused = ${counts.refused}
    WHERE id = ${batchId}`);
}

/**
 * Inserts the records; one whose id the institute already used (a concurrent batch) is skipped through
 * the unique key. Returns the ids inserted.
 */
export async function insertRecords(
  db: Executor,
  instituteId: number,
  batchId: number,
  receivedAt: Date,
  records: StoredRecord[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const { rows } = await db.execute<{ record_id: string }>(sql`
    INSERT INTO integration_hour_records (institute_id, record_id, batch_id, member_id, year, course_title,
      lesson_title, kind, ethics, hours_hundredths, completed_at, evaluated_at, received_at)
    SELECT ${instituteId}, r."recordId", ${batchId}, r."memberId", r.year, r."courseTitle", r."lessonTitle",
      r.kind, r.ethics, r."hoursHundredths", r."completedAt", r."evaluatedAt", ${receivedAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r("recordId" text, "memberId" int, year int,
      "courseTitle" text, "lessonTitle" text, kind text, ethics boolean, "hoursHundredths" int,
      "completedAt" timestamptz, "evaluatedAt" timestamptz)
    -- in key order, so batches overlapping in another order wait for each other instead of deadlocking
    ORDER BY r."recordId"
    ON CONFLICT (institute_id, record_id) DO NOTHING
    RETURNING record_id`);
  return new Set(rows.map((r) => String(r.record_id)));
}

// ---- keys (cpe integration) ----

export async function insertClient(
  db: Executor,
  c: { instituteId: number; keyId: string; secret: string; createdAt: Date; createdBy: string },
) {
  await db.execute(sql`
    INSERT INTO integration_clients (institute_id, key_id, secret, created_at, created_by)
    VALUES (${c.instituteId}, ${c.keyId}, ${c.secret}, ${c.createdAt.toISOString()}::timestamptz, ${c.createdBy})`);
}

export async function instituteIdByCode(db: Executor, code: string): Promise<number | null> {
  const { rows } = await db.execute<{ id: number }>(sql`SELECT id FROM institutes WHERE code = ${code}`);
  return rows[0] ? Number(rows[0].id) : null;
}

/** Every key (or one institute's) with its institute, newest first; never the secret. */
export async function listClients(db: Executor, instituteId?: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT c.key_id, i.code AS institute_code, c.created_at, c.created_by, c.disabled_at
    FROM integration_clients c JOIN institutes i ON i.id = c.institute_id
    WHERE ${instituteId === undefined ? sql`true` : sql`c.institute_id = ${instituteId}`}
    ORDER BY c.created_at DESC, c.id DESC`);
  return rows.map((r) => ({
    keyId: String(r.key_id),
    instituteCode: String(r.institute_code),
    createdAt: new Date(r.created_at as string | Date),
    createdBy: String(r.created_by),
    disabledAt: r.disabled_at == null ? null : new Date(r.disabled_at as string | Date),
  }));
}

/** Disables a key (kept for the record), of this institute when given; false when there is no such enabled key. */
export async function disableClient(
  db: Executor,
  keyId: string,
  at: Date,
  instituteId?: number,
): Promise<boolean> {
  const { rows } = await db.execute(sql`
    UPDATE integration_clients SET disabled_at = ${at.toISOString()}::timestamptz
    WHERE key_id = ${keyId} AND disabled_at IS NULL
      AND ${instituteId === undefined ? sql`true` : sql`institute_id = ${instituteId}`}
    RETURNING 1 AS ok`);
  return rows.length === 1;
}
