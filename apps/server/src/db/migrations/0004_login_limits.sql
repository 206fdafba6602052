-- Rate-limit counters shared by every server process: one row per key and fixed window; the limiter
-- weighs the previous window in (sliding estimate). Rows past expires_at are removed as the limiter runs.
CREATE TABLE rate_limit_hits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_hits_expires_idx ON rate_limit_hits (expires_at);

-- Failed logins per user name, whether or not the name exists, so an unknown name answers like a real
-- one. Members are slowed (a fresh captcha and a pause per try) once past the threshold; staff names
-- lock until the system admin unlocks them.
CREATE TABLE login_failures (
  user_kind text NOT NULL CHECK (user_kind IN ('member', 'staff')),
  username text NOT NULL,
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  next_attempt_at timestamptz,
  locked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (user_kind, username)
);

ALTER TABLE members DROP COLUMN failed_logins, DROP COLUMN locked_until;
ALTER TABLE staff DROP COLUMN failed_logins, DROP COLUMN locked_until;
