-- Daily sync of institute platform records, as 0019 did for evaluated lessons: each accepted record
-- notes when it was posted to the hour ledger, in the same statement (and so the same transaction) as
-- its entry, and a run reads the records still pending through the partial index below. Before, each
-- run looked up every record ever accepted in the ledger to find the new ones: a cost that grew with
-- the years of records, not with the day's. Records of a closed year, or of a year without published
-- rules, stay pending and are posted by a later run.
ALTER TABLE integration_hour_records ADD COLUMN synced_at timestamptz;
UPDATE integration_hour_records r SET synced_at = h.posted_at
FROM hour_ledger h WHERE h.source_type = 'integration' AND h.source_id = r.id;
CREATE INDEX integration_hour_records_pending_idx ON integration_hour_records (id) WHERE synced_at IS NULL;
