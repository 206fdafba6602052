import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { shanghaiYear } from '../src/clock.ts';
import type { Db } from '../src/db/client.ts';
import { buildTestApp, type TestApp } from './app.ts';

/** The demo catalogue is seeded for the real current year, so learning tests run on a clock in it. */
export const YEAR = shanghaiYear(new Date());
export const learningNow = () => new Date(Date.UTC(YEAR, 5, 15, 2, 0, 0));

export const buildLearningApp = (): Promise<TestApp> => buildTestApp({}, learningNow());

export async function chooseInstitute(app: FastifyInstance, cookie: string, instituteId: number) {
  return app.inject({
    method: 'POST',
    url: '/api/me/institute-choice',
    headers: { cookie },
    payload: { year: YEAR, instituteId },
  });
}

export interface LessonRef {
  id: number;
  courseId: number;
  kind: 'required' | 'elective';
  durationSeconds: number;
  creditHundredths: number;
}

/** Lessons of an institute's year, straight from the database. */
export async function lessonsOf(db: Db, instituteId: number, year = YEAR): Promise<LessonRef[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT l.id, c.id AS course_id, c.kind, l.duration_seconds, l.credit_hundredths
    FROM lessons l JOIN courses c ON c.id = l.course_id
    WHERE c.institute_id = ${instituteId} AND c.year = ${year} ORDER BY c.sort, l.sort`);
  return rows.map((r) => ({
    id: Number(r.id),
    courseId: Number(r.course_id),
    kind: r.kind as 'required' | 'elective',
    durationSeconds: Number(r.duration_seconds),
    creditHundredths: Number(r.credit_hundredths),
  }));
}

export const report = (app: FastifyInstance, cookie: string, lessonId: number, from: number, to: number) =>
  app.inject({
    method: 'POST',
    url: `/api/lessons/${lessonId}/progress`,
    headers: { cookie },
    payload: { from, to },
  });

/** Plays a lesson honestly to the end: a zero-length report at the start, then one every 10 s. */
export async function watchToEnd(
  t: TestApp,
  cookie: string,
  lesson: { id: number; durationSeconds: number },
) {
  let res = await report(t.app, cookie, lesson.id, 0, 0);
  for (let pos = 0; pos < lesson.durationSeconds; pos += 10) {
    const to = Math.min(pos + 10, lesson.durationSeconds);
    t.clock.advance((to - pos) * 1000);
    res = await report(t.app, cookie, lesson.id, pos, to);
    if (res.statusCode !== 200) return res;
  }
  return res;
}

/** Marks lessons watched directly in the database (to reach a state quickly; the API path has its own tests). */
export async function markCompleted(db: Db, memberId: number, lessonIds: number[], at: Date) {
  for (const id of lessonIds) {
    await db.execute(sql`
      INSERT INTO lesson_progress (member_id, lesson_id, intervals, watched_seconds, furthest_seconds,
        position_seconds, last_report_at, completed_at, version)
      SELECT ${memberId}, l.id, jsonb_build_array(jsonb_build_array(0, l.duration_seconds * 1000)),
        l.duration_seconds, l.duration_seconds, l.duration_seconds, ${at.toISOString()}::timestamptz,
        ${at.toISOString()}::timestamptz, 1
      FROM lessons l WHERE l.id = ${id}
      ON CONFLICT (member_id, lesson_id) DO UPDATE SET intervals = EXCLUDED.intervals,
        watched_seconds = EXCLUDED.watched_seconds, furthest_seconds = EXCLUDED.furthest_seconds,
        completed_at = COALESCE(lesson_progress.completed_at, EXCLUDED.completed_at),
        version = lesson_progress.version + 1`);
  }
}

export async function memberId(db: Db, username: string): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`SELECT id FROM members WHERE username = ${username}`);
  return Number(rows[0]!.id);
}
