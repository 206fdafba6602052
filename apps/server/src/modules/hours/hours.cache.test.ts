import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { completeLesson, evaluateLesson, makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, type LessonRef, lessonsOf, YEAR } from '../../../test/learning.ts';
import { statementsOf } from '../../../test/sessions.ts';
import { buildApp } from '../../app.ts';
import { syncLessonHours } from '../sync/sync.service.ts';

// 学时查询 keeps its last answer per session and year, reused only while the year's fingerprint, read with
// the session in the same statement, is still the one the answer was computed under.
const XNAI = 3;
let t: TestApp;
let lessons: LessonRef[];
beforeAll(async () => {
  t = await buildLearningApp();
  lessons = await lessonsOf(t.deps.db, XNAI);
});
afterAll(() => t.close());

const get = (cookie: string, app = t.app) =>
  app.inject({ url: `/api/me/hours?year=${YEAR}`, headers: { cookie } });

/** A request's answer, and whether it was computed (the year read) or reused (the fingerprint only). */
async function readOf(cookie: string) {
  let res: Awaited<ReturnType<typeof get>> | undefined;
  const statements = await statementsOf(t, async () => (res = await get(cookie)));
  expect(res!.statusCode).toBe(200);
  expect(res!.headers['content-type']).toBe('application/json; charset=utf-8');
  // the first query of a session reads the year with the session; later ones the fingerprint, then the
  // year only when it changed
  expect(statements[0]).toMatch(/^cpe_session_hours_(state|mark)$/);
  return { body: res!.body, computed: statements.join() !== 'cpe_session_hours_mark' };
}

describe('学时查询 answer cache', () => {
  it('reuses the answer while the year is unchanged, and then does not read the year', async () => {
    const m = await makeMember(t, { institute: XNAI });
    const first = await readOf(m.cookie);
    expect(first.computed).toBe(true);
    const second = await readOf(m.cookie);
    expect(second.computed).toBe(false);
    expect(second.body).toBe(first.body);
    expect(JSON.parse(second.body)).toMatchObject({ year: YEAR, recordedHours: 0 });
  });

  it('answers after every change, made by any process, as a process that never saw the member', async () => {
    const m = await makeMember(t, { institute: XNAI });
    // a second process on the same database: it changes the data, and its answers are computed afresh
    const other = await buildApp(t.deps);
    const fresh = async () => {
      const res = await get(m.cookie, other);
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    try {
      const answers = [(await readOf(m.cookie)).body];
      const check = async (change: string) => {
        const now = await readOf(m.cookie);
        expect(now.computed, change).toBe(true);
        expect(now.body, change).toBe(await fresh());
        expect(answers, change).not.toContain(now.body);
        answers.push(now.body);
        // unchanged again: the new answer is reused
        expect((await readOf(m.cookie)).computed, change).toBe(false);
      };
      const [a, b] = [lessons[0]!, lessons[1]!];
      await completeLesson(t, m.cookie, a, null);
      await check('a lesson watched, not evaluated');
      const evaluated = await evaluateLesson(t, m.cookie, a.id, { rating: 5 });
      expect(evaluated.statusCode).toBe(201);
      await check('the lesson evaluated: pending');
      await syncLessonHours(t.deps);
      await check('the daily sync posted it');
      await completeLesson(t, m.cookie, b, { rating: 4 });
      await syncLessonHours(t.deps);
      await check('a second lesson posted');
      const course = await t.deps.db.execute<{ id: number }>(
        sql`SELECT course_id AS id FROM lessons WHERE id = ${a.id}`,
      );
      await t.deps.db.execute(
        sql`UPDATE courses SET title = title || '（修订）' WHERE id = ${course.rows[0]!.id}`,
      );
      await check('the course renamed');
      await t.deps.db.execute(sql`UPDATE lessons SET title = title || '（修订）' WHERE id = ${b.id}`);
      await check('a lesson renamed');
      await t.deps.db.execute(sql`UPDATE institutes SET hotline = '0592-0000000' WHERE id = ${XNAI}`);
      await check('the institute hotline changed');
      await t.deps.db.execute(sql`UPDATE members SET member_type = 'non_practicing' WHERE id = ${m.id}`);
      await check('the member type changed');
    } finally {
      await other.close();
    }
  });

  it('keeps answers apart per session: another member never gets one', async () => {
    const a = await makeMember(t, { institute: XNAI });
    const b = await makeMember(t);
    await completeLesson(t, a.cookie, lessons[0]!, { rating: 5 });
    const ofA = await readOf(a.cookie);
    expect((await readOf(a.cookie)).computed).toBe(false);
    const ofB = await readOf(b.cookie);
    expect(ofB.computed).toBe(true);
    expect(ofB.body).not.toBe(ofA.body);
    expect(JSON.parse(ofB.body).institute).toBeNull();
    expect(JSON.parse(ofA.body).pendingHours).toBeGreaterThan(0);
  });
});
