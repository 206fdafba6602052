import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    bucket: text('bucket').notNull(),
    windowStart: tz('window_start').notNull(),
    hits: integer('hits').notNull(),
    expiresAt: tz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    userKind: text('user_kind', { enum: ['member', 'staff'] }).notNull(),
    username: text('username').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: tz('last_failure_at').notNull(),
    nextAttemptAt: tz('next_attempt_at'),
    locked: boolean('locked').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userKind, t.username] })],
);
