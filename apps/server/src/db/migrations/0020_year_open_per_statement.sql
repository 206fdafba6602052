-- Year close: the check that no hour enters a closed year runs once per statement over the rows it
-- inserted (a transition table), instead of once per row. The daily sync inserts up to 10,000 entries in
-- one statement; one lookup of year_closures per row was a fifth of its time. Same refusal (CPE01), same
-- all-or-nothing: an AFTER trigger that raises undoes the whole statement.
DROP TRIGGER hour_ledger_year_open ON hour_ledger;
DROP FUNCTION hour_ledger_year_open();
CREATE FUNCTION hour_ledger_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed_year int;
BEGIN
  SELECT a.year INTO closed_year FROM (SELECT DISTINCT year FROM inserted) a
    JOIN year_closures y ON y.year = a.year AND y.status = 'closed'
   ORDER BY a.year LIMIT 1;
  IF closed_year IS NOT NULL THEN
    RAISE EXCEPTION 'year % is closed: re-open it before posting hours', closed_year USING ERRCODE = 'CPE01';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER hour_ledger_year_open AFTER INSERT ON hour_ledger REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION hour_ledger_year_open();
