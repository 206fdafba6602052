import type { MemberType } from '@cpe/shared';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;
/** sms_outbox.purpose of the reminder texts */
export const REMINDER_PURPOSE = 'reminder';

const n = (v: unknown) => Number(v ?? 0);
const iso = (d: Date) => d.toISOString();

export interface ReminderFilters {
  year: number;
  province: string | null;
  memberType: 'practicing' | 'non_practicing' | null;
  minShortfallHundredths: number;
}

export interface CampaignRow extends ReminderFilters {
  id: number;
  createdBy: string | null;
  createdAt: Date;
  auto: boolean;
  provinceName: string | null;
  status: 'queued' | 'running' | 'done' | 'cancelled';
  targeted: number;
  enqueued: number;
  skippedOptOut: number;
  cursorMemberId: number;
  doneAt: Date | null;
}

const shortfall = sql`GREATEST(s.required_hundredths - s.credited_hundredths, 0)`;

/** Members short for the year and matching the filters (disabled accounts apart). */
const shortMembers = (f: ReminderFilters) => sql`
  FROM compliance_status s JOIN members m ON m.id = s.member_id
  WHERE s.year = ${f.year} AND s.status = 'short' AND NOT m.disabled
    AND ${shortfall} >= ${f.minShortfallHundredths}
    ${f.province === null ? sql`` : sql`AND s.province_code = ${f.province}`}
    ${f.memberType === null ? sql`` : sql`AND s.member_type = ${f.memberType}`}`;

/** How many members the filters reach now, and how many of them declined reminders. */
export async function countShortMembers(db: Executor, f: ReminderFilters) {
  const { rows } = await db.execute<Row>(sql`
    SELECT count(*)::int AS short, count(*) FILTER (WHERE m.sms_reminders_opt_out)::int AS opted_out
    ${shortMembers(f)}`);
  return { short: n(rows[0]?.short), optedOut: n(rows[0]?.opted_out) };
}

export interface ShortMember {
  memberId: number;
  mobile: string;
  optedOut: boolean;
  shortfallHundredths: number;
  memberType: MemberType;
  province: string;
}

/** The next members of a campaign after `afterMemberId`, in member-id order (a keyset page). */
export async function shortMembersAfter(
  db: Executor,
  f: ReminderFilters,
  afterMemberId: number,
  limit: number,
): Promise<ShortMember[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT m.id, m.mobile, m.sms_reminders_opt_out, m.member_type, m.province_code, ${shortfall} AS shortfall
    ${shortMembers(f)} AND s.member_id > ${afterMemberId}
    ORDER BY s.member_id LIMIT ${limit}`);
  return rows.map((r) => ({
    memberId: n(r.id),
    mobile: String(r.mobile),
    optedOut: r.sms_reminders_opt_out === true,
    shortfallHundredths: n(r.shortfall),
    memberType: r.member_type as MemberType,
    province: String(r.province_code),
  }));
}

/** A new campaign; an automatic one whose key exists already is not made again (null). */
export async function insertCampaign(
  db: Executor,
  c: ReminderFilters & { createdBy: number | null; autoKey: string | null; targeted: number; at: Date },
): Promise<number | null> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO reminder_campaigns (year, created_by, created_at, auto_key, province_code, member_type,
      min_shortfall_hundredths, targeted)
    VALUES (${c.year}, ${c.createdBy}, ${iso(c.at)}::timestamptz, ${c.autoKey}, ${c.province},
      ${c.memberType}, ${c.minShortfallHundredths}, ${c.targeted})
    ON CONFLICT (auto_key) DO NOTHING
    RETURNING id`);
  return rows[0] ? n(rows[0].id) : null;
}

/** Campaigns of `from` (the table, or the rows an UPDATE returned) with the creator's and province's names. */
const selectCampaigns = (from: SQL) => sql`
  SELECT c.*, st.name AS created_by_name, p.name AS province_name
  FROM ${from} c
  LEFT JOIN staff st ON st.id = c.created_by
  LEFT JOIN provinces p ON p.code = c.province_code`;

function toCampaign(r: Row): CampaignRow {
  return {
    id: n(r.id),
    year: n(r.year),
    createdBy: (r.created_by_name as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    auto: r.auto_key !== null,
    province: (r.province_code as string | null) ?? null,
    provinceName: (r.province_name as string | null) ?? null,
    memberType: (r.member_type as CampaignRow['memberType']) ?? null,
    minShortfallHundredths: n(r.min_shortfall_hundredths),
    status: r.status as CampaignRow['status'],
    targeted: n(r.targeted),
    enqueued: n(r.enqueued),
    skippedOptOut: n(r.skipped_opt_out),
    cursorMemberId: n(r.cursor_member_id),
    doneAt: r.done_at ? new Date(r.done_at as string) : null,
  };
}

export async function listCampaigns(db: Executor, year: number): Promise<CampaignRow[]> {
  const { rows } = await db.execute<Row>(sql`
    ${selectCampaigns(sql`reminder_campaigns`)} WHERE c.year = ${year} ORDER BY c.id DESC LIMIT 200`);
  return rows.map(toCampaign);
}

export async function findCampaign(db: Executor, id: number, lock = false): Promise<CampaignRow | null> {
  const { rows } = await db.execute<Row>(sql`
    ${selectCampaigns(sql`reminder_campaigns`)} WHERE c.id = ${id} ${lock ? sql`FOR UPDATE OF c` : sql``}`);
  return rows[0] ? toCampaign(rows[0]) : null;
}

/**
 * The oldest unfinished campaign, marked running and locked for the caller's transaction: SKIP LOCKED
 * lets a concurrent run take another campaign (or none), never the same one.
 */
export async function claimCampaign(db: Executor, now: Date): Promise<CampaignRow | null> {
  const { rows } = await db.execute<Row>(sql`
    WITH claimed AS (
      UPDATE reminder_campaigns SET status = 'running', started_at = COALESCE(started_at, ${iso(now)}::timestamptz)
      WHERE id = (
        SELECT id FROM reminder_campaigns WHERE status IN ('queued', 'running')
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *)
    ${selectCampaigns(sql`claimed`)}`);
  return rows[0] ? toCampaign(rows[0]) : null;
}

/**
 * Records the members as reached by the campaign; those it reached already (an earlier or concurrent
 * run) are left out of the answer, so each gets at most one message.
 */
export async function insertRecipients(
  db: Executor,
  campaignId: number,
  members: ShortMember[],
  at: Date,
): Promise<Set<number>> {
  if (members.length === 0) return new Set();
  const data = members.map((m) => ({ m: m.memberId, s: m.shortfallHundredths, o: m.optedOut }));
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO reminder_recipients (campaign_id, member_id, shortfall_hundredths, opted_out, created_at)
    SELECT ${campaignId}, r.m, r.s, r.o, ${iso(at)}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS r(m int, s int, o boolean)
    ORDER BY r.m
    ON CONFLICT (campaign_id, member_id) DO NOTHING
    RETURNING member_id`);
  return new Set(rows.map((r) => n(r.member_id)));
}

export async function linkRecipientSms(
  db: Executor,
  campaignId: number,
  links: Array<{ memberId: number; smsId: number }>,
) {
  if (links.length === 0) return;
  const data = links.map((l) => ({ m: l.memberId, o: l.smsId }));
  await db.execute(sql`
    UPDATE reminder_recipients t SET sms_outbox_id = r.o
    FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS r(m int, o bigint)
    WHERE t.campaign_id = ${campaignId} AND t.member_id = r.m`);
}

/** A batch's outcome: the cursor moves on, the counters grow, and the campaign ends when nobody is left. */
export async function advanceCampaign(
  db: Executor,
  id: number,
  a: { cursor: number; enqueued: number; skipped: number; finished: boolean; at: Date },
) {
  await db.execute(sql`
    UPDATE reminder_campaigns SET cursor_member_id = GREATEST(cursor_member_id, ${a.cursor}),
      enqueued = enqueued + ${a.enqueued}, skipped_opt_out = skipped_opt_out + ${a.skipped},
      status = CASE WHEN ${a.finished} THEN 'done' ELSE status END,
      done_at = CASE WHEN ${a.finished} THEN ${iso(a.at)}::timestamptz ELSE done_at END
    WHERE id = ${id}`);
}

/** Cancelled by a staff member, or by the job (null) when the year was closed meanwhile. */
export async function cancelCampaignRow(db: Executor, id: number, by: number | null, at: Date) {
  await db.execute(sql`
    UPDATE reminder_campaigns SET status = 'cancelled', cancelled_by = ${by}, done_at = ${iso(at)}::timestamptz
    WHERE id = ${id}`);
}

/** Reminder texts queued since `since` (the throttle's window). */
export async function remindersQueuedSince(db: Executor, since: Date): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    SELECT count(*)::int AS c FROM sms_outbox
    WHERE purpose = ${REMINDER_PURPOSE} AND created_at > ${iso(since)}::timestamptz`);
  return n(rows[0]?.c);
}

export async function smsPreferences(db: Executor, memberId: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT sms_reminders_opt_out FROM members WHERE id = ${memberId}`);
  return rows[0] ? { yearlyReminders: rows[0].sms_reminders_opt_out !== true } : null;
}

export async function setReminderOptOut(db: Executor, memberId: number, optOut: boolean, at: Date) {
  await db.execute(sql`
    UPDATE members SET sms_reminders_opt_out = ${optOut}, sms_reminders_opt_out_at = ${optOut ? iso(at) : null}::timestamptz
    WHERE id = ${memberId}`);
}
