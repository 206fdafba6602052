import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface LessonStatsRow {
  courseId: number;
  courseTitle: string;
  lessonId: number;
  lessonTitle: string;
  started: number;
  completed: number;
  evaluated: number;
  ratings: number[];
}

/** Per lesson of the institute's year: members started, completed, evaluated, and the rating counts. */
export async function lessonStats(
  db: Executor,
  instituteId: number,
  year: number,
): Promise<LessonStatsRow[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT c.id AS course_id, c.title AS course_title, l.id AS lesson_id, l.title AS lesson_title,
      (SELECT count(*) FROM lesson_progress p WHERE p.lesson_id = l.id)::int AS started,
      (SELECT count(*) FROM lesson_progress p WHERE p.lesson_id = l.id AND p.completed_at IS NOT NULL)::int AS completed,
      (SELECT count(*) FROM lesson_evaluations e WHERE e.lesson_id = l.id)::int AS evaluated,
      (SELECT json_agg(n ORDER BY r) FROM (
         SELECT r, (SELECT count(*) FROM lesson_evaluations e WHERE e.lesson_id = l.id AND e.rating = r)::int AS n
         FROM generate_series(1, 5) AS r) d) AS ratings
    FROM courses c JOIN lessons l ON l.course_id = c.id
    WHERE c.institute_id = ${instituteId} AND c.year = ${year}
    ORDER BY c.sort, c.id, l.sort, l.id`);
  return rows.map((r) => ({
    courseId: Number(r.course_id),
    courseTitle: String(r.course_title),
    lessonId: Number(r.lesson_id),
    lessonTitle: String(r.lesson_title),
    started: Number(r.started),
    completed: Number(r.completed),
    evaluated: Number(r.evaluated),
    ratings: ((typeof r.ratings === 'string' ? JSON.parse(r.ratings) : r.ratings) as number[]).map(Number),
  }));
}

const lessonsOf = (instituteId: number, year: number) => sql`
  SELECT l.id FROM lessons l JOIN courses c ON c.id = l.course_id
  WHERE c.institute_id = ${instituteId} AND c.year = ${year}`;

/** Distinct members who started, completed and evaluated at least one lesson, by a member column. */
export async function memberBreakdown(
  db: Executor,
  instituteId: number,
  year: number,
  by: 'province' | 'member_type',
) {
  const key = by === 'province' ? sql`pr.name` : sql`m.member_type`;
  const { rows } = await db.execute<Row>(sql`
    SELECT ${key} AS key,
      count(DISTINCT p.member_id)::int AS started,
      count(DISTINCT p.member_id) FILTER (WHERE p.completed_at IS NOT NULL)::int AS completed,
      count(DISTINCT e.member_id)::int AS evaluated
    FROM lesson_progress p
    JOIN members m ON m.id = p.member_id
    JOIN provinces pr ON pr.code = m.province_code
    LEFT JOIN lesson_evaluations e ON e.member_id = p.member_id AND e.lesson_id = p.lesson_id
    WHERE p.lesson_id IN (${lessonsOf(instituteId, year)})
    GROUP BY 1 ORDER BY 2 DESC, 1`);
  return rows.map((r) => ({
    key: String(r.key),
    started: Number(r.started),
    completed: Number(r.completed),
    evaluated: Number(r.evaluated),
  }));
}

/** Lessons completed per day (Asia/Shanghai). */
export async function completionsPerDay(db: Executor, instituteId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT to_char(p.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM lesson_progress p
    WHERE p.completed_at IS NOT NULL AND p.lesson_id IN (${lessonsOf(instituteId, year)})
    GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ day: String(r.day), completed: Number(r.n) }));
}

/** The latest comments, with the member's name only (the service masks it). */
export async function latestComments(db: Executor, instituteId: number, year: number, limit = 200) {
  const { rows } = await db.execute<Row>(sql`
    SELECT l.title AS lesson_title, m.name, e.rating, e.comment, e.created_at
    FROM lesson_evaluations e
    JOIN lessons l ON l.id = e.lesson_id
    JOIN members m ON m.id = e.member_id
    WHERE e.lesson_id IN (${lessonsOf(instituteId, year)}) AND e.comment IS NOT NULL AND e.comment <> ''
    ORDER BY e.created_at DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    lessonTitle: String(r.lesson_title),
    name: String(r.name),
    rating: Number(r.rating),
    comment: String(r.comment),
    at: new Date(r.created_at as string).toISOString(),
  }));
}

/**
 * The year's questionnaire answers counted by the question as it was asked (each evaluation keeps its
 * questions), in the order asked: a single-choice question by option, a text question as one count.
 */
export async function questionnaireAnswers(db: Executor, instituteId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT q.question->>'text' AS question, q.question->>'type' AS type,
      CASE WHEN q.question->>'type' = 'single' THEN btrim(e.answers->>(q.question->>'id')) END AS answer,
      count(*)::int AS n, min(q.pos) AS pos
    FROM lesson_evaluations e
    CROSS JOIN LATERAL jsonb_array_elements(e.questions) WITH ORDINALITY AS q(question, pos)
    WHERE e.lesson_id IN (${lessonsOf(instituteId, year)}) AND e.questions IS NOT NULL
      AND btrim(COALESCE(e.answers->>(q.question->>'id'), '')) <> ''
    GROUP BY 1, 2, 3
    ORDER BY 5, 1, 2, 4 DESC, 3`);
  return rows.map((r) => ({
    question: String(r.question),
    type: r.type as 'single' | 'text',
    answer: r.answer === null ? null : String(r.answer),
    count: Number(r.n),
  }));
}
