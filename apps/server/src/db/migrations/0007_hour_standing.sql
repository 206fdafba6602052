-- The per-member-year standing: raw sums of the hour ledger by bucket and ethics flag, so 学时查询,
-- reports and the planner read a few rows instead of summing every entry. The rules are applied when it
-- is read (a rule correction needs no recomputation). It is kept by the database itself, in the
-- transaction that appends to the ledger: a statement trigger adds each statement's new entries, grouped,
-- so a daily-sync batch of thousands of entries costs one upsert per member-year bucket, not per entry.
CREATE TABLE hour_standing (
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  bucket text NOT NULL
    CHECK (bucket IN ('online_required', 'online_elective', 'face_to_face', 'output', 'exemption')),
  ethics boolean NOT NULL,
  hundredths integer NOT NULL,
  entries integer NOT NULL,
  PRIMARY KEY (member_id, year, bucket, ethics)
);
CREATE INDEX hour_standing_year_idx ON hour_standing (year, member_id);

CREATE FUNCTION hour_standing_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Ordered by key so that concurrent statements lock standing rows in the same order (no deadlock).
  INSERT INTO hour_standing (member_id, year, bucket, ethics, hundredths, entries)
  SELECT member_id, year, bucket, ethics, SUM(hours_hundredths), COUNT(*)
  FROM added GROUP BY member_id, year, bucket, ethics
  ORDER BY member_id, year, bucket, ethics
  ON CONFLICT (member_id, year, bucket, ethics) DO UPDATE
    SET hundredths = hour_standing.hundredths + EXCLUDED.hundredths,
        entries = hour_standing.entries + EXCLUDED.entries;
  RETURN NULL;
END
$$;
CREATE TRIGGER hour_ledger_standing AFTER INSERT ON hour_ledger
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION hour_standing_add();

-- Entries posted before this migration.
INSERT INTO hour_standing (member_id, year, bucket, ethics, hundredths, entries)
SELECT member_id, year, bucket, ethics, SUM(hours_hundredths), COUNT(*)
FROM hour_ledger GROUP BY member_id, year, bucket, ethics;
