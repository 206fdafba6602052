import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface SmsMessage {
  phone: string;
  memberId?: number | null;
  /** why it is sent (recovery_code, password_reset, claim_decision, reminder, ...) */
  purpose: string;
  body: string;
}

/**
 * Queues a text message in the caller's transaction: it is sent (by the SMS dispatch job) only if that
 * transaction commits, and it is never lost once it has.
 */
export async function enqueueSms(db: Executor, message: SmsMessage, now: Date): Promise<number> {
  const { rows } = await db.execute<{ id: number | string }>(sql`
    INSERT INTO sms_outbox (phone, member_id, purpose, body, next_attempt_at, created_at)
    VALUES (${message.phone}, ${message.memberId ?? null}, ${message.purpose}, ${message.body},
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}
