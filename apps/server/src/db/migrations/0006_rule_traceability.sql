-- Decisions that can be traced and a year that ends.
--
-- 1. Each rule set names the window in which the lessons of its year can be watched and evaluated
--    (default: the calendar year). Versions published before this migration get the default, once,
--    before the versions become immutable below.
UPDATE rule_versions v
SET data = jsonb_set(
  v.data,
  '{ruleSets}',
  (SELECT jsonb_agg(
            CASE WHEN rs ? 'studyWindow' THEN rs
                 ELSE rs || jsonb_build_object('studyWindow', jsonb_build_object(
                   'opens', (rs->>'year') || '-01-01', 'closes', (rs->>'year') || '-12-31'))
            END ORDER BY ord)
     FROM jsonb_array_elements(v.data->'ruleSets') WITH ORDINALITY AS x(rs, ord)))
WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(v.data->'ruleSets') rs WHERE NOT rs ? 'studyWindow');

-- 2. A published version is never edited or deleted; a correction is a new version.
CREATE FUNCTION rule_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rule_versions are immutable: % refused; publish a new version instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER rule_versions_no_update_delete BEFORE UPDATE OR DELETE ON rule_versions
  FOR EACH ROW EXECUTE FUNCTION rule_versions_immutable();
CREATE TRIGGER rule_versions_no_truncate BEFORE TRUNCATE ON rule_versions
  FOR EACH STATEMENT EXECUTE FUNCTION rule_versions_immutable();

-- 3. Every ledger entry names the version of its year's rule data in force when it was posted.
--    Entries posted before this migration get the version that was in force at their posting time
--    (the latest published at or before it, else the year's first); the append-only trigger is set
--    aside for this one backfill of a column nothing had filled.
ALTER TABLE hour_ledger DISABLE TRIGGER hour_ledger_no_update_delete;
UPDATE hour_ledger h
SET rule_set_version = COALESCE(
  (SELECT max(v.version) FROM rule_versions v WHERE v.year = h.year AND v.published_at <= h.posted_at),
  (SELECT min(v.version) FROM rule_versions v WHERE v.year = h.year))
WHERE h.rule_set_version IS NULL;
ALTER TABLE hour_ledger ENABLE TRIGGER hour_ledger_no_update_delete;
ALTER TABLE hour_ledger ALTER COLUMN rule_set_version SET NOT NULL;
ALTER TABLE hour_ledger
  ADD CONSTRAINT hour_ledger_rule_version_fk FOREIGN KEY (year, rule_set_version)
  REFERENCES rule_versions (year, version);
