import { bigserial, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const smsStatuses = ['queued', 'sent', 'failed'] as const;

/** Text messages to send, written in the causing transaction; the SMS dispatch job delivers them. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    phone: text('phone').notNull(),
    memberId: integer('member_id'),
    purpose: text('purpose').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: smsStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at').notNull(),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    redacted: boolean('redacted').notNull().default(false),
    createdAt: tz('created_at').notNull(),
    sentAt: tz('sent_at'),
  },
  (t) => [index('sms_outbox_phone_idx').on(t.phone, t.createdAt)],
);
