-- 学习计划: the member's pace is the minutes watched per week since their first lesson of the year, so
-- each lesson's progress row keeps when it was first reported. Rows reported before this migration
-- get their last report time: the best known bound.
ALTER TABLE lesson_progress ADD COLUMN first_report_at timestamptz;
UPDATE lesson_progress SET first_report_at = last_report_at WHERE first_report_at IS NULL;

-- The nightly forecast of every member with a rule set for the year (jobs: plan-forecast), so the
-- national admin sees who is forecast to fall short by province without computing plans per request.
-- One row per member and year, replaced by each run (the job is idempotent).
CREATE TABLE plan_forecasts (
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  province_code text NOT NULL,
  member_type text NOT NULL CHECK (member_type IN ('practicing', 'non_practicing')),
  -- hours still needed in total and of ethics, before the plan
  shortfall_hundredths integer NOT NULL,
  ethics_shortfall_hundredths integer NOT NULL,
  -- countable hours the video plan brings, and what video cannot close (online cap, catalogue, ethics,
  -- provincial face-to-face minimum; the largest part)
  plan_hundredths integer NOT NULL,
  unmet_hundredths integer NOT NULL,
  remaining_seconds integer NOT NULL,
  pace_minutes_per_week double precision,
  needed_minutes_per_week double precision,
  finish_on date,
  -- null: no activity yet, so no pace to tell
  on_track boolean,
  -- the plan will not be finished in the study window, or video cannot close the year on its own
  falls_short boolean NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (member_id, year)
);
CREATE INDEX plan_forecasts_year_province_idx ON plan_forecasts (year, province_code, falls_short);
