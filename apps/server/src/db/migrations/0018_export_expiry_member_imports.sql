-- Export files are kept EXPORT_RETENTION_HOURS; the export-cleanup job then deletes the file and marks
-- the row expired (its download answers 410).
ALTER TABLE exports DROP CONSTRAINT exports_status_check;
ALTER TABLE exports ADD CONSTRAINT exports_status_check
  CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired'));

-- Member imports run in the background: the uploaded workbook is kept under DATA_DIR/imports, a worker
-- claims the row (FOR UPDATE SKIP LOCKED), checks the rows with progress and, unless it is a dry run,
-- applies them and marks the row done in one transaction (a crash before the commit leaves it to re-run).
CREATE TABLE member_imports (
  id bigserial PRIMARY KEY,
  dry_run boolean NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress integer NOT NULL DEFAULT 0,
  file_name text NOT NULL,
  total_rows integer,
  created_count integer,
  updated_count integer,
  unchanged_count integer,
  error_count integer NOT NULL DEFAULT 0,
  -- the first row errors ({ row, column, message }); error_count has them all
  errors jsonb NOT NULL DEFAULT '[]',
  error text,
  requested_by integer NOT NULL REFERENCES staff(id),
  requested_ip text,
  requested_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX member_imports_queued_idx ON member_imports (id) WHERE status = 'queued';
