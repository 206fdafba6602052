import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** migrations/0014_plan_forecasts.sql: the nightly 学习计划 forecast per member and year. */
export const planForecasts = pgTable(
  'plan_forecasts',
  {
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    provinceCode: text('province_code').notNull(),
    memberType: text('member_type', { enum: ['practicing', 'non_practicing'] }).notNull(),
    shortfallHundredths: integer('shortfall_hundredths').notNull(),
    ethicsShortfallHundredths: integer('ethics_shortfall_hundredths').notNull(),
    planHundredths: integer('plan_hundredths').notNull(),
    unmetHundredths: integer('unmet_hundredths').notNull(),
    remainingSeconds: integer('remaining_seconds').notNull(),
    paceMinutesPerWeek: doublePrecision('pace_minutes_per_week'),
    neededMinutesPerWeek: doublePrecision('needed_minutes_per_week'),
    finishOn: date('finish_on'),
    onTrack: boolean('on_track'),
    fallsShort: boolean('falls_short').notNull(),
    computedAt: tz('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.year] }),
    index('plan_forecasts_year_province_idx').on(t.year, t.provinceCode, t.fallsShort),
  ],
);
