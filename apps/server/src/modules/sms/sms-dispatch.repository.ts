import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface DueSms {
  id: number;
  phone: string;
  body: string;
  attempts: number;
}

/** Queued messages whose time has come, locked so a concurrent dispatch skips them. */
export async function lockDueSms(db: Executor, now: Date, limit: number): Promise<DueSms[]> {
  const { rows } = await db.execute<{
    id: number | string;
    phone: string;
    body: string;
    attempts: number;
  }>(sql`
    SELECT id, phone, body, attempts FROM sms_outbox
     WHERE status = 'queued' AND next_attempt_at <= ${now.toISOString()}::timestamptz
     ORDER BY next_attempt_at, id
     LIMIT ${limit}
     FOR UPDATE SKIP LOCKED`);
  return rows.map((r) => ({ id: Number(r.id), phone: r.phone, body: r.body, attempts: Number(r.attempts) }));
}

/**
 * Year-end reminders still queued for members who have opted out since they were queued are not sent:
 * they are marked failed with the reason. Returns how many.
 */
export async function withdrawOptedOutReminders(db: Executor): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`
    UPDATE sms_outbox o SET status = 'failed', last_error = '会员已退订年度学时提醒短信'
    FROM members m
    WHERE o.status = 'queued' AND o.purpose = 'reminder' AND m.id = o.member_id AND m.sms_reminders_opt_out
    RETURNING o.id`);
  return rows.length;
}

/** Delivered: the provider's id is kept; outside demo mode the text is replaced (codes do not stay). */
export async function markSmsSent(
  db: Executor,
  id: number,
  providerMessageId: string,
  now: Date,
  redactedBody: string | null,
) {
  await db.execute(sql`
    UPDATE sms_outbox
       SET status = 'sent', attempts = attempts + 1, sent_at = ${now.toISOString()}::timestamptz,
           provider_message_id = ${providerMessageId}, last_error = NULL,
           body = COALESCE(${redactedBody}, body), redacted = ${redactedBody !== null}
     WHERE id = ${id}`);
}

/** A failed attempt: tried again at `retryAt`, or marked failed when it is null. */
export async function markSmsAttemptFailed(db: Executor, id: number, error: string, retryAt: Date | null) {
  await db.execute(sql`
    UPDATE sms_outbox
       SET attempts = attempts + 1, last_error = ${error.slice(0, 500)},
           status = ${retryAt ? 'queued' : 'failed'},
           next_attempt_at = COALESCE(${retryAt?.toISOString() ?? null}::timestamptz, next_attempt_at)
     WHERE id = ${id}`);
}

export interface OutboxRow {
  id: number;
  phone: string;
  purpose: string;
  body: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** The newest messages, for the demo outbox page. */
export async function listOutbox(db: Executor, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT id, phone, purpose, body, status, attempts, created_at, sent_at
      FROM sms_outbox ORDER BY id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    phone: String(r.phone),
    purpose: String(r.purpose),
    body: String(r.body),
    status: r.status as OutboxRow['status'],
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at as string),
    sentAt: r.sent_at ? new Date(r.sent_at as string) : null,
  }));
}
