import {
  bigserial,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

// Drizzle mirrors of migrations/0012_institute_console.sql (the SQL file is the source of truth).
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 培训通知: a province's (provinceCode) or nationwide (null). */
export const trainings = pgTable('trainings', {
  id: serial('id').primaryKey(),
  provinceCode: text('province_code'),
  title: text('title').notNull(),
  body: text('body').notNull(),
  place: text('place').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  signupDeadline: date('signup_deadline', { mode: 'string' }).notNull(),
  hoursHundredths: integer('hours_hundredths').notNull(),
  ethics: boolean('ethics').notNull().default(false),
  capacity: integer('capacity').notNull(),
  memberTypes: jsonb('member_types').$type<string[]>().notNull(),
  createdBy: integer('created_by').notNull(),
  createdAt: tz('created_at').notNull(),
});

export const trainingSignups = pgTable(
  'training_signups',
  {
    trainingId: integer('training_id').notNull(),
    memberId: integer('member_id').notNull(),
    signedUpAt: tz('signed_up_at').notNull(),
    cancelledAt: tz('cancelled_at'),
  },
  (t) => [primaryKey({ columns: [t.trainingId, t.memberId] })],
);

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    trainingId: integer('training_id').notNull(),
    memberId: integer('member_id').notNull(),
    hoursHundredths: integer('hours_hundredths').notNull(),
    recordedBy: integer('recorded_by').notNull(),
    recordedAt: tz('recorded_at').notNull(),
  },
  (t) => [unique().on(t.trainingId, t.memberId)],
);

export const trainingReads = pgTable(
  'training_reads',
  {
    trainingId: integer('training_id').notNull(),
    memberId: integer('member_id').notNull(),
    readAt: tz('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trainingId, t.memberId] })],
);
