import { staffRoles } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Drizzle mirrors of the tables created by migrations/*.sql (the SQL files are the source of truth).
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const provinces = pgTable('provinces', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
});

export const institutes = pgTable('institutes', {
  id: integer('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull().unique(),
  hotline: text('hotline').notNull(),
  introduction: text('introduction').notNull(),
});

export const firms = pgTable('firms', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  provinceCode: text('province_code').notNull(),
});

export const members = pgTable('members', {
  id: serial('id').primaryKey(),
  memberType: text('member_type', { enum: ['practicing', 'non_practicing'] }).notNull(),
  username: text('username').notNull().unique(),
  name: text('name').notNull(),
  idNumber: text('id_number').notNull(),
  mobile: text('mobile').notNull(),
  provinceCode: text('province_code').notNull(),
  firmId: integer('firm_id'),
  registeredOn: date('registered_on', { mode: 'string' }).notNull(),
  // null for imported members until they set a password through recovery (login refuses it)
  passwordHash: text('password_hash'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: tz('created_at').notNull().default(sql`now()`),
  // migrations/0017: the member declined the year-end reminder texts (and when)
  smsRemindersOptOut: boolean('sms_reminders_opt_out').notNull().default(false),
  smsRemindersOptOutAt: tz('sms_reminders_opt_out_at'),
});

export const staff = pgTable('staff', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: staffRoles }).notNull(),
  provinceCode: text('province_code'),
  instituteId: integer('institute_id'),
  passwordHash: text('password_hash').notNull(),
  totpSecret: text('totp_secret'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: tz('created_at').notNull().default(sql`now()`),
});

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  subjectType: text('subject_type', { enum: ['member', 'staff'] }).notNull(),
  subjectId: integer('subject_id').notNull(),
  createdAt: tz('created_at').notNull(),
  lastSeenAt: tz('last_seen_at').notNull(),
  expiresAt: tz('expires_at').notNull(),
  ip: text('ip'),
});

export const captchaChallenges = pgTable('captcha_challenges', {
  id: text('id').primaryKey(),
  answerHash: text('answer_hash').notNull(),
  expiresAt: tz('expires_at').notNull(),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: tz('at').notNull(),
  actorType: text('actor_type').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  target: text('target'),
  result: text('result').notNull(),
  ip: text('ip'),
  detail: jsonb('detail'),
});

export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    startedAt: tz('started_at').notNull(),
    finishedAt: tz('finished_at'),
    result: jsonb('result'),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] })
      .notNull()
      .default('running'),
    error: text('error'),
    /** The cron tick of a scheduled run (unique per job); null for runs started by hand. */
    scheduledFor: tz('scheduled_for'),
    /** host:pid of the process that ran it. */
    runner: text('runner'),
  },
  (t) => [uniqueIndex('job_runs_tick_idx').on(t.job, t.scheduledFor).where(sql`scheduled_for IS NOT NULL`)],
);
