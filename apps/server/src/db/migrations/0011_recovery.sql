-- One password recovery or phone change: who it is for, the phone the code goes to, and the current
-- code (only its hash), which is valid 10 minutes, single use and dies after 5 wrong entries. A new code
-- for the same request replaces the previous one. The request itself ends when it is completed or
-- expires.
CREATE TABLE recovery_requests (
  id text PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  purpose text NOT NULL CHECK (purpose IN ('reset_password', 'change_phone')),
  phone text NOT NULL,
  code_hash text,
  code_expires_at timestamptz,
  code_failures integer NOT NULL DEFAULT 0,
  codes_sent integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  completed_at timestamptz,
  ip text
);
CREATE INDEX recovery_requests_member_idx ON recovery_requests (member_id, created_at);
CREATE INDEX recovery_requests_expires_idx ON recovery_requests (expires_at);
