import { courseKinds, courseStatuses, hourSources } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

// Drizzle mirrors of migrations/0002_learning.sql (the SQL file is the source of truth).
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type WatchedInterval = [number, number];

export const instituteChoices = pgTable(
  'institute_choices',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    instituteId: integer('institute_id').notNull(),
    chosenAt: tz('chosen_at').notNull(),
  },
  (t) => [unique().on(t.memberId, t.year)],
);

// one per institute and year (migration 0015)
export const instituteQuestionnaires = pgTable(
  'institute_questionnaires',
  {
    instituteId: integer('institute_id').notNull(),
    questions: jsonb('questions').notNull(),
    year: integer('year').notNull(),
  },
  (t) => [primaryKey({ columns: [t.instituteId, t.year] })],
);

export const courses = pgTable(
  'courses',
  {
    id: serial('id').primaryKey(),
    instituteId: integer('institute_id').notNull(),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    teacher: text('teacher').notNull(),
    kind: text('kind', { enum: courseKinds }).notNull(),
    ethics: boolean('ethics').notNull().default(false),
    description: text('description').notNull(),
    sort: integer('sort').notNull().default(0),
    // migration 0012
    status: text('status', { enum: courseStatuses }).notNull().default('published'),
  },
  (t) => [unique().on(t.instituteId, t.year, t.code)],
);

export const lessons = pgTable(
  'lessons',
  {
    id: serial('id').primaryKey(),
    courseId: integer('course_id').notNull(),
    title: text('title').notNull(),
    // null until the video is uploaded (migration 0012)
    durationSeconds: integer('duration_seconds'),
    creditHundredths: integer('credit_hundredths').notNull(),
    videoFile: text('video_file'),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [unique().on(t.courseId, t.sort)],
);

export const lessonProgress = pgTable(
  'lesson_progress',
  {
    memberId: integer('member_id').notNull(),
    lessonId: integer('lesson_id').notNull(),
    intervals: jsonb('intervals').$type<WatchedInterval[]>().notNull().default([]),
    watchedSeconds: integer('watched_seconds').notNull().default(0),
    furthestSeconds: doublePrecision('furthest_seconds').notNull().default(0),
    positionSeconds: doublePrecision('position_seconds').notNull().default(0),
    lastReportAt: tz('last_report_at'),
    /** migrations/0014: the first report, for the 学习计划 pace */
    firstReportAt: tz('first_report_at'),
    completedAt: tz('completed_at'),
    version: integer('version').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.lessonId] })],
);

/** migrations/0005_watch_clock.sql: the member's watch clock, shared by all lessons and devices. */
export const memberWatchClocks = pgTable('member_watch_clocks', {
  memberId: integer('member_id').primaryKey(),
  viewingId: text('viewing_id'),
  lastCreditAt: tz('last_credit_at'),
  bankMs: integer('bank_ms').notNull().default(0),
  windowAt: tz('window_at'),
  windowCount: integer('window_count').notNull().default(0),
  version: integer('version').notNull().default(0),
});

export const lessonEvaluations = pgTable(
  'lesson_evaluations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id').notNull(),
    lessonId: integer('lesson_id').notNull(),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    answers: jsonb('answers').$type<Record<string, string>>(),
    createdAt: tz('created_at').notNull(),
    // the questions the answers were given to (migration 0015)
    questions: jsonb('questions'),
    /** when the daily sync posted its lesson to the hour ledger; null while pending */
    syncedAt: tz('synced_at'),
  },
  (t) => [
    unique().on(t.memberId, t.lessonId),
    index('lesson_evaluations_pending_idx').on(t.id).where(sql`synced_at IS NULL`),
  ],
);

export const feePayments = pgTable(
  'fee_payments',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    amountFen: integer('amount_fen').notNull(),
    paidAt: tz('paid_at').notNull(),
  },
  (t) => [unique().on(t.memberId, t.year)],
);

export const hourBuckets = [
  'online_required',
  'online_elective',
  'face_to_face',
  'output',
  'exemption',
] as const;

/** Append-only (INV-1, a trigger refuses UPDATE/DELETE); one entry per source (INV-2). */
export const hourLedger = pgTable(
  'hour_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    sourceType: text('source_type', { enum: hourSources }).notNull(),
    sourceId: bigint('source_id', { mode: 'number' }).notNull(),
    hoursHundredths: integer('hours_hundredths').notNull(),
    bucket: text('bucket', { enum: hourBuckets }).notNull(),
    ethics: boolean('ethics').notNull().default(false),
    lessonId: integer('lesson_id'),
    detail: jsonb('detail'),
    // the version of the year's rule data in force when the entry was posted (rule_versions)
    ruleSetVersion: integer('rule_set_version').notNull(),
    createdBy: text('created_by').notNull(),
    postedAt: tz('posted_at').notNull(),
  },
  (t) => [unique().on(t.sourceType, t.sourceId)],
);

/**
 * Raw ledger sums per member, year, bucket and ethics flag, kept by a statement trigger on hour_ledger in
 * the appending transaction (migration 0007). Read this, not the ledger, for standings.
 */
export const hourStanding = pgTable(
  'hour_standing',
  {
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    bucket: text('bucket', { enum: hourBuckets }).notNull(),
    ethics: boolean('ethics').notNull(),
    hundredths: integer('hundredths').notNull(),
    entries: integer('entries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year, t.bucket, t.ethics] })],
);

/**
 * One counter raised by every statement that changes courses, lessons or trainings (migration 0021): part
 * of 学时查询's fingerprint, so an answer naming a renamed course is not reused.
 */
export const catalogueRevision = pgTable('catalogue_revision', {
  id: boolean('id').primaryKey().default(true),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});
