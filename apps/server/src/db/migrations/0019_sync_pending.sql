-- Daily sync: each evaluation records when its lesson was posted to the hour ledger, set in the same
-- statement (and so the same transaction) as the entry. A run reads the evaluations still pending
-- through the partial index below, so its cost follows the new evaluations, not the ledger's size.
-- A pending flag rather than a high-water mark of ids: an evaluation whose transaction commits after a
-- run has passed its id (ids are handed out before commit), or whose year is closed or has no
-- published rules yet, stays pending and is posted by a later run.
ALTER TABLE lesson_evaluations ADD COLUMN synced_at timestamptz;
UPDATE lesson_evaluations e SET synced_at = h.posted_at
FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id;
CREATE INDEX lesson_evaluations_pending_idx ON lesson_evaluations (id) WHERE synced_at IS NULL;
