import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type TestApp } from '../../../test/app.ts';
import {
  buildLearningApp,
  chooseInstitute,
  type LessonRef,
  lessonsOf,
  markCompleted,
  memberId,
  report,
  watchToEnd,
  YEAR,
} from '../../../test/learning.ts';

let t: TestApp;
let zhang: string; // practicing, chooses 上海 (2)
let li: string; // practicing, chooses 上海 too (AC-2)
let wang: string; // non-practicing, fee unpaid
let snai: LessonRef[];
let bnai: LessonRef[];

beforeAll(async () => {
  t = await buildLearningApp();
  zhang = (await login(t.app, '310000012345')).cookie;
  li = (await login(t.app, '110000054321')).cookie;
  wang = (await login(t.app, 'N310000000001', 'non_practicing')).cookie;
  snai = await lessonsOf(t.deps.db, 2);
  bnai = await lessonsOf(t.deps.db, 1);
});
afterAll(() => t.close());

const required = () => snai.filter((l) => l.kind === 'required');
const shortRequired = () => required().reduce((a, b) => (b.durationSeconds < a.durationSeconds ? b : a));
const evaluate = (cookie: string, lessonId: number, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/evaluation`, headers: { cookie }, payload });
const answers = { relevance: '非常符合' };

describe('progress refusals', () => {
  it('answers 409 INSTITUTE_NOT_CHOSEN before a choice, then 404 for another institute or unknown lesson', async () => {
    const before = await report(t.app, zhang, snai[0]!.id, 0, 0);
    expect(before.statusCode).toBe(409);
    expect(before.json().code).toBe('INSTITUTE_NOT_CHOSEN');
    expect((await chooseInstitute(t.app, zhang, 2)).statusCode).toBe(201);
    expect((await chooseInstitute(t.app, li, 2)).statusCode).toBe(201);
    expect((await report(t.app, zhang, bnai[0]!.id, 0, 0)).statusCode).toBe(404);
    expect((await report(t.app, zhang, 99_999_999, 0, 0)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/lessons/${bnai[0]!.id}`, headers: { cookie: zhang } })).statusCode,
    ).toBe(404);
  });

  it('refuses progress on a locked elective with 409 REQUIRED_COURSES_FIRST', async () => {
    const elective = snai.find((l) => l.kind === 'elective')!;
    const res = await report(t.app, zhang, elective.id, 0, 0);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('REQUIRED_COURSES_FIRST');
  });

  it('refuses a non-practicing member without the year fee with 402 FEE_UNPAID, until paid', async () => {
    expect((await chooseInstitute(t.app, wang, 2)).statusCode).toBe(201);
    const fee = await t.app.inject({ url: `/api/me/fee?year=${YEAR}`, headers: { cookie: wang } });
    expect(fee.json()).toEqual({ year: YEAR, required: true, paid: false, amountFen: 8000 });
    const res = await report(t.app, wang, shortRequired().id, 0, 0);
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'FEE_UNPAID' });
    expect(res.json().message).toContain('80.00元');
    const id = await memberId(t.deps.db, 'N310000000001');
    await t.deps.db.execute(
      sql`INSERT INTO fee_payments (member_id, year, amount_fen, paid_at) VALUES (${id}, ${YEAR}, 8000, now())`,
    );
    expect((await report(t.app, wang, shortRequired().id, 0, 0)).statusCode).toBe(200);
    const paid = await t.app.inject({ url: '/api/me/fee', headers: { cookie: wang } });
    expect(paid.json().paid).toBe(true);
  });

  it('practicing members owe no fee', async () => {
    const fee = await t.app.inject({ url: '/api/me/fee', headers: { cookie: zhang } });
    expect(fee.json()).toEqual({ year: YEAR, required: false, paid: false, amountFen: 0 });
  });

  it('gives 4xx, never 5xx, for random progress and evaluation bodies (VAL-1)', async () => {
    const lesson = shortRequired();
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.constantFrom('progress', 'evaluation'), async (body, path) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/lessons/${lesson.id}/${path}`,
          headers: { cookie: zhang, 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    const bad = await report(t.app, zhang, lesson.id, 10, 5);
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/lessons/abc', headers: { cookie: zhang } })).statusCode).toBe(
      400,
    );
  });
});

describe('tracked video (INV-5)', () => {
  it('credits the first report only up to the tolerance and never more than wall-clock time', async () => {
    const lesson = required()[1]!; // 60 s
    const first = await report(t.app, zhang, lesson.id, 0, 30);
    expect(first.json()).toMatchObject({
      watchedSeconds: 2,
      durationSeconds: lesson.durationSeconds,
      completed: false,
    });
    t.clock.advance(5_000);
    const second = await report(t.app, zhang, lesson.id, 2, 30);
    expect(second.json().watchedSeconds).toBeLessThanOrEqual(2 + 5 + 2);
  });

  it('ignores seeking ahead, counts going back as nothing new, and resumes at the last position', async () => {
    const lesson = required()[1]!;
    const state = await t.app.inject({ url: `/api/lessons/${lesson.id}`, headers: { cookie: zhang } });
    const furthest = state.json().furthestSeconds as number;
    t.clock.advance(10_000);
    const ahead = await report(t.app, zhang, lesson.id, furthest + 20, furthest + 30);
    expect(ahead.json().watchedSeconds).toBe(state.json().watchedSeconds);
    t.clock.advance(3_000);
    const back = await report(t.app, zhang, lesson.id, 0, 3);
    expect(back.json().watchedSeconds).toBe(state.json().watchedSeconds);
    const detail = await t.app.inject({ url: `/api/lessons/${lesson.id}`, headers: { cookie: zhang } });
    expect(detail.json()).toMatchObject({
      positionSeconds: 3,
      completed: false,
      locked: false,
      evaluated: false,
    });
    expect(detail.json().questions.length).toBe(2);
    expect(detail.json().videoUrl).toBe(`/api/lessons/${lesson.id}/video`);
  });

  it('completes a lesson watched honestly to the end; another member sees none of it (AC-2)', async () => {
    const lesson = shortRequired();
    const res = await watchToEnd(t, zhang, lesson);
    expect(res.json()).toMatchObject({ watchedSeconds: lesson.durationSeconds, completed: true });
    const other = await t.app.inject({ url: `/api/lessons/${lesson.id}`, headers: { cookie: li } });
    expect(other.json()).toMatchObject({ watchedSeconds: 0, completed: false, positionSeconds: 0 });
  });
});

describe('evaluation', () => {
  it('refuses evaluating an unfinished lesson with 409 LESSON_NOT_COMPLETED', async () => {
    const res = await evaluate(zhang, required()[1]!.id, { rating: 5, answers });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LESSON_NOT_COMPLETED');
  });

  it('checks rating and questionnaire answers', async () => {
    const lesson = shortRequired();
    expect((await evaluate(zhang, lesson.id, { rating: 6, answers })).statusCode).toBe(400);
    expect(
      (await evaluate(zhang, lesson.id, { rating: 5, comment: '好'.repeat(501), answers })).statusCode,
    ).toBe(400);
    const missing = await evaluate(zhang, lesson.id, { rating: 5 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('课程内容是否符合');
    expect((await evaluate(zhang, lesson.id, { rating: 5, answers: { relevance: '随便' } })).statusCode).toBe(
      400,
    );
    expect(
      (await evaluate(zhang, lesson.id, { rating: 5, answers: { nope: 'x', ...answers } })).statusCode,
    ).toBe(400);
  });

  it('accepts one of several concurrent evaluations; the rest are 409 ALREADY_EVALUATED', async () => {
    const lesson = shortRequired();
    const results = await Promise.all(
      [5, 4, 3].map((rating) => evaluate(zhang, lesson.id, { rating, comment: '讲解清楚', answers })),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.json()).toMatchObject({ lessonId: lesson.id, pendingSync: true, comment: '讲解清楚' });
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('ALREADY_EVALUATED');
    }
    const { rows } = await t.deps.db.execute(
      sql`SELECT id FROM lesson_evaluations WHERE lesson_id = ${lesson.id}`,
    );
    expect(rows).toHaveLength(1);
    const detail = await t.app.inject({ url: `/api/lessons/${lesson.id}`, headers: { cookie: zhang } });
    expect(detail.json()).toMatchObject({ evaluated: true, evaluation: { comment: '讲解清楚' } });
  });
});

describe('required before elective', () => {
  it('opens the electives once every required course is completed', async () => {
    const id = await memberId(t.deps.db, '310000012345');
    const list = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie: zhang } });
    expect(list.json().electivesOpen).toBe(false);
    await markCompleted(
      t.deps.db,
      id,
      required().map((l) => l.id),
      t.clock.now(),
    );
    const elective = snai.find((l) => l.kind === 'elective')!;
    expect((await report(t.app, zhang, elective.id, 0, 0)).statusCode).toBe(200);
    const after = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie: zhang } });
    expect(after.json()).toMatchObject({ electivesOpen: true, requiredRemaining: [] });
  });
});
