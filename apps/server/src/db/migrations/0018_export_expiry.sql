-- Export files are kept EXPORT_RETENTION_HOURS; the export-cleanup job then deletes the file and marks
-- the row expired (its download answers 410).
ALTER TABLE exports DROP CONSTRAINT exports_status_check;
ALTER TABLE exports ADD CONSTRAINT exports_status_check
  CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired'));
