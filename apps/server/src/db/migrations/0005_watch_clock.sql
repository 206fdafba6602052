-- Credit for watched video is per member, not per lesson: one row per member holds the member's watch
-- clock, shared by every lesson, page and device. A progress report credits at most the wall-clock time
-- since the member's previous accepted report times the playback rate, plus `bank_ms` (unused
-- tolerance carried over, at most the configured tolerance). `viewing_id` is the member's active
-- viewing (one player page); `window_at` and `window_count` count accepted reports per second (the
-- rate limit). `version` makes the read-merge-write of a report optimistic: every accepted report
-- bumps it in the same statement that writes the lesson's progress.
CREATE TABLE member_watch_clocks (
  member_id integer PRIMARY KEY REFERENCES members(id),
  viewing_id text,
  last_credit_at timestamptz,
  bank_ms integer NOT NULL DEFAULT 0 CHECK (bank_ms >= 0),
  window_at timestamptz,
  window_count integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 0
);

-- The per-lesson carried tolerance is replaced by the member's bank.
ALTER TABLE lesson_progress DROP COLUMN slack_seconds;
