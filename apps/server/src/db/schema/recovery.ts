import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const recoveryPurposes = ['reset_password', 'change_phone'] as const;

/** A password recovery or phone change in progress, with the hash of its current SMS code. */
export const recoveryRequests = pgTable(
  'recovery_requests',
  {
    id: text('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    purpose: text('purpose', { enum: recoveryPurposes }).notNull(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash'),
    codeExpiresAt: tz('code_expires_at'),
    codeFailures: integer('code_failures').notNull().default(0),
    codesSent: integer('codes_sent').notNull().default(0),
    createdAt: tz('created_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
    completedAt: tz('completed_at'),
    ip: text('ip'),
  },
  (t) => [
    index('recovery_requests_member_idx').on(t.memberId, t.createdAt),
    index('recovery_requests_expires_idx').on(t.expiresAt),
  ],
);
