import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

// Drizzle mirrors of migrations/0016_integration.sql and 0022 (the SQL files are the source of truth).
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An institute's API keys for the integration API; the secret is kept as issued (HMAC needs it). */
export const integrationClients = pgTable('integration_clients', {
  id: serial('id').primaryKey(),
  instituteId: integer('institute_id').notNull(),
  keyId: text('key_id').notNull().unique(),
  secret: text('secret').notNull(),
  createdAt: tz('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  disabledAt: tz('disabled_at'),
});

/** Nonces seen per key within the timestamp window: a repeated one is a replay. */
export const integrationNonces = pgTable(
  'integration_nonces',
  {
    clientId: integer('client_id').notNull(),
    nonce: text('nonce').notNull(),
    seenAt: tz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.nonce] }), index('integration_nonces_seen_idx').on(t.seenAt)],
);

export const integrationBatches = pgTable('integration_batches', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  clientId: integer('client_id').notNull(),
  receivedAt: tz('received_at').notNull(),
  accepted: integer('accepted').notNull(),
  duplicates: integer('duplicates').notNull(),
  refused: integer('refused').notNull(),
});

/** Accepted hour records of an institute's own platform, posted to the ledger by the daily sync. */
export const integrationHourRecords = pgTable(
  'integration_hour_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instituteId: integer('institute_id').notNull(),
    recordId: text('record_id').notNull(),
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    courseTitle: text('course_title').notNull(),
    lessonTitle: text('lesson_title').notNull(),
    kind: text('kind', { enum: ['required', 'elective'] }).notNull(),
    ethics: boolean('ethics').notNull(),
    hoursHundredths: integer('hours_hundredths').notNull(),
    completedAt: tz('completed_at').notNull(),
    evaluatedAt: tz('evaluated_at').notNull(),
    receivedAt: tz('received_at').notNull(),
    /** when the daily sync posted it to the hour ledger (migration 0022); null while pending */
    syncedAt: tz('synced_at'),
  },
  (t) => [
    unique().on(t.instituteId, t.recordId),
    index('integration_hour_records_member_year_idx').on(t.memberId, t.year),
    index('integration_hour_records_pending_idx').on(t.id).where(sql`synced_at IS NULL`),
  ],
);
