import {
  bigint,
  bigserial,
  boolean,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const reminderCampaignStatuses = ['queued', 'running', 'done', 'cancelled'] as const;

/** migrations/0017_reminders.sql: year-end SMS reminder campaigns to members short of the year's hours. */
export const reminderCampaigns = pgTable('reminder_campaigns', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  year: integer('year').notNull(),
  createdBy: integer('created_by'),
  createdAt: tz('created_at').notNull(),
  autoKey: text('auto_key').unique(),
  provinceCode: text('province_code'),
  memberType: text('member_type', { enum: ['practicing', 'non_practicing'] }),
  minShortfallHundredths: integer('min_shortfall_hundredths').notNull().default(0),
  status: text('status', { enum: reminderCampaignStatuses }).notNull().default('queued'),
  targeted: integer('targeted').notNull().default(0),
  enqueued: integer('enqueued').notNull().default(0),
  skippedOptOut: integer('skipped_opt_out').notNull().default(0),
  cursorMemberId: integer('cursor_member_id').notNull().default(0),
  startedAt: tz('started_at'),
  doneAt: tz('done_at'),
  cancelledBy: integer('cancelled_by'),
});

/** Who a campaign reached: the key keeps each member to one reminder per campaign. */
export const reminderRecipients = pgTable(
  'reminder_recipients',
  {
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    memberId: integer('member_id').notNull(),
    shortfallHundredths: integer('shortfall_hundredths').notNull(),
    optedOut: boolean('opted_out').notNull(),
    smsOutboxId: bigint('sms_outbox_id', { mode: 'number' }),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.memberId] })],
);
