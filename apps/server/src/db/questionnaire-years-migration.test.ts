import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore, ONE_MEMBER_SQL } from '../../test/migrations.ts';
import { shanghaiYear } from '../clock.ts';
import type { Database } from './client.ts';
import { migrate } from './migrate.ts';

const MIGRATION = '0015_questionnaire_years.sql';
const QUESTIONS = [{ id: 'q', text: '是否实用', type: 'single', options: ['是', '否'], required: true }];

let database: Database;
beforeAll(async () => {
  // Before 0015: one questionnaire per institute, courses of two years, an evaluation with answers.
  database = await databaseBefore(MIGRATION);
  await database.execScript(`
    ${ONE_MEMBER_SQL}
    INSERT INTO institute_questionnaires (institute_id, questions) VALUES (1, '${JSON.stringify(QUESTIONS)}');
    INSERT INTO courses (institute_id, year, code, title, teacher, kind, description) VALUES
      (1, 2024, 'a', '课程', '王老师', 'required', ''), (1, 2025, 'a', '课程', '王老师', 'required', ''),
      (2, 2024, 'a', '课程', '王老师', 'required', '');
    INSERT INTO lessons (course_id, title, duration_seconds, credit_hundredths, video_file, sort)
      SELECT id, '第一讲', 60, 50, 'clip.mp4', 1 FROM courses;
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, answers, created_at)
      SELECT m.id, l.id, 5, '{"q": "是"}', now()
      FROM members m, lessons l JOIN courses c ON c.id = l.course_id
      WHERE c.institute_id = 1 AND c.year = 2024;
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, created_at)
      SELECT m.id, l.id, 4, now()
      FROM members m, lessons l JOIN courses c ON c.id = l.course_id
      WHERE c.institute_id = 1 AND c.year = 2025;`);
  expect(await migrate(database)).toContain(MIGRATION);
});
afterAll(() => database?.close());

describe(`migration ${MIGRATION} on a database that has data`, () => {
  it('keeps the questionnaire for every year with courses of its institute and for the current year', async () => {
    const { rows } = await database.db.execute<{ institute_id: number; year: number; questions: unknown }>(
      sql`SELECT institute_id, year, questions FROM institute_questionnaires ORDER BY institute_id, year`,
    );
    const years = [...new Set([2024, 2025, shanghaiYear(new Date())])].sort();
    expect(rows.map((r) => [r.institute_id, r.year])).toEqual(years.map((y) => [1, y]));
    for (const r of rows) expect(r.questions).toEqual(QUESTIONS);
  });

  it('gives an evaluation with answers the questions it answered; one without answers none', async () => {
    const { rows } = await database.db.execute<{ rating: number; questions: unknown }>(
      sql`SELECT rating, questions FROM lesson_evaluations ORDER BY rating`,
    );
    expect(rows.map((r) => [r.rating, r.questions])).toEqual([
      [4, null],
      [5, QUESTIONS],
    ]);
  });
});
