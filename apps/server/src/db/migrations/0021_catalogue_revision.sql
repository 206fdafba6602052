-- 学时查询 reuses its last answer while the member's year is unchanged (modules/hours). The member's own
-- rows say cheaply whether they changed (the standing's sums and entry counts, the counts of evaluations,
-- completed lessons and institute records); the titles, order and credit of the catalogue the answer
-- names do not. This one-row counter is raised by every statement that changes courses, lessons or
-- trainings (staff edits, rare), so such a change changes every fingerprint at once.
CREATE TABLE catalogue_revision (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  revision bigint NOT NULL
);
INSERT INTO catalogue_revision (id, revision) VALUES (true, 0);

CREATE FUNCTION catalogue_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_revision SET revision = revision + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER courses_catalogue_revision AFTER INSERT OR UPDATE OR DELETE ON courses
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_revision_bump();
CREATE TRIGGER lessons_catalogue_revision AFTER INSERT OR UPDATE OR DELETE ON lessons
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_revision_bump();
CREATE TRIGGER trainings_catalogue_revision AFTER INSERT OR UPDATE OR DELETE ON trainings
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_revision_bump();
