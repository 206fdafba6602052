-- National oversight: the per-member-year compliance status behind the dashboard, export jobs,
-- hours certificates with public verification, year closing, members without a password (imported),
-- and the audit log's append-only guard.

-- The rules applied to each member's year, refreshed by the compliance-refresh job for the member-years
-- whose standing changed (ledger entries past the watermark) or whose rule version changed, and frozen
-- when the year is closed. The dashboard reads this, never the ledger.
CREATE TABLE compliance_status (
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  status text NOT NULL CHECK (status IN ('compliant', 'short', 'exempt')),
  member_type text NOT NULL,
  province_code text NOT NULL,
  institute_id integer,
  credited_hundredths integer NOT NULL,
  required_hundredths integer NOT NULL,
  rule_version integer NOT NULL,
  -- when the member's credited hours first reached the requirement (the completion curve)
  completed_at timestamptz,
  refreshed_at timestamptz NOT NULL,
  frozen boolean NOT NULL DEFAULT false,
  PRIMARY KEY (member_id, year)
);
CREATE INDEX compliance_status_year_idx ON compliance_status (year, province_code, member_type, status);

-- Per year: the highest ledger id already applied, and when (the dashboard's as-of time).
CREATE TABLE compliance_refresh (
  year integer PRIMARY KEY,
  ledger_watermark bigint NOT NULL,
  refreshed_at timestamptz NOT NULL
);

-- Background exports: a worker claims queued rows (FOR UPDATE SKIP LOCKED) and streams the file.
CREATE TABLE exports (
  id bigserial PRIMARY KEY,
  report text NOT NULL CHECK (report IN ('compliance', 'members', 'audit', 'orders', 'claims')),
  filters jsonb NOT NULL,
  -- the requester's scope at request time (e.g. a provincial reviewer's province)
  scope_province text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress integer NOT NULL DEFAULT 0,
  total_rows integer,
  written_rows integer NOT NULL DEFAULT 0,
  file_name text,
  error text,
  requested_by integer NOT NULL REFERENCES staff(id),
  requested_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX exports_queued_idx ON exports (id) WHERE status = 'queued';

-- 学时证明: one live certificate per member-year; the code in its QR is long and random.
CREATE TABLE certificates (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  total_hundredths integer NOT NULL,
  rule_version integer NOT NULL,
  issued_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX certificates_live_idx ON certificates (member_id, year) WHERE revoked_at IS NULL;

-- A closed year refuses ledger entries until it is re-opened (audited).
CREATE TABLE year_closures (
  year integer PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('closed', 'reopened')),
  rule_version integer NOT NULL,
  closed_at timestamptz NOT NULL,
  closed_by integer NOT NULL REFERENCES staff(id),
  reopened_at timestamptz,
  reopened_by integer REFERENCES staff(id),
  reopen_reason text
);

CREATE FUNCTION hour_ledger_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM year_closures WHERE year = NEW.year AND status = 'closed') THEN
    RAISE EXCEPTION 'year % is closed: re-open it before posting hours', NEW.year USING ERRCODE = 'CPE01';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER hour_ledger_year_open BEFORE INSERT ON hour_ledger
  FOR EACH ROW EXECUTE FUNCTION hour_ledger_year_open();

-- Imported members have no password until they set one through password recovery.
ALTER TABLE members ALTER COLUMN password_hash DROP NOT NULL;

-- LOG-1: the audit log cannot be edited. UPDATE and TRUNCATE are refused; DELETE only on the retention
-- job's path (which sets cpe.audit_retention in its transaction) and only for rows past the minimum
-- retention of 184 days.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('cpe.audit_retention', true) = 'on'
     AND OLD.at < now() - interval '184 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (LOG-1): % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
CREATE INDEX audit_log_actor_idx ON audit_log (actor_type, actor_id, at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
