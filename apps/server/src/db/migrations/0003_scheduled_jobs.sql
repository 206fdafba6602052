-- Job runs say how they ended: a run that throws is 'failed' with its error; a scheduled run names the
-- tick it belongs to, and one tick of one job is claimed by one process only (several app processes
-- share one PostgreSQL). Manual runs (`cpe jobs run`) have no tick.
ALTER TABLE job_runs
  ADD COLUMN status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  ADD COLUMN error text,
  ADD COLUMN scheduled_for timestamptz,
  ADD COLUMN runner text;
UPDATE job_runs SET status = 'succeeded' WHERE finished_at IS NOT NULL;
CREATE UNIQUE INDEX job_runs_tick_idx ON job_runs (job, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX job_runs_job_started_idx ON job_runs (job, started_at DESC);
