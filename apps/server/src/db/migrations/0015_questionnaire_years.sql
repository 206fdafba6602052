-- 评价问卷 per year: each institute edits its questionnaire for a catalogue year, and an evaluation
-- keeps the questions it was answered against, so its answers stay readable after later edits.
--
-- Backfill: the table kept no update time, so a questionnaire's year cannot be told from its row.
-- It is the one members of every year have answered so far, so it becomes the questionnaire of every
-- year that has courses of its institute, and of the current Asia/Shanghai year (an institute without
-- courses yet keeps its questionnaire for the year it is being edited in).
ALTER TABLE institute_questionnaires DROP CONSTRAINT institute_questionnaires_pkey;
ALTER TABLE institute_questionnaires ADD COLUMN year integer;
UPDATE institute_questionnaires
  SET year = EXTRACT(YEAR FROM now() AT TIME ZONE 'Asia/Shanghai')::integer;
INSERT INTO institute_questionnaires (institute_id, year, questions)
  SELECT DISTINCT q.institute_id, c.year, q.questions
  FROM institute_questionnaires q JOIN courses c ON c.institute_id = q.institute_id
  WHERE c.year <> q.year;
ALTER TABLE institute_questionnaires ALTER COLUMN year SET NOT NULL;
ALTER TABLE institute_questionnaires ADD PRIMARY KEY (institute_id, year);

-- The questions an evaluation's answers were given to ([{ id, text, type, options?, required }]);
-- null when the member was asked none. Existing answers were given to the one questionnaire there was.
ALTER TABLE lesson_evaluations ADD COLUMN questions jsonb;
UPDATE lesson_evaluations e SET questions = q.questions
  FROM lessons l, courses c, institute_questionnaires q
  WHERE e.answers IS NOT NULL AND l.id = e.lesson_id AND c.id = l.course_id
    AND q.institute_id = c.institute_id AND q.year = c.year;
