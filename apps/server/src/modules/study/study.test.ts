import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { evaluateLesson, type MemberOptions, makeMember, payFee } from '../../../test/fixtures.ts';
import {
  buildLearningApp,
  chooseInstitute,
  type LessonRef,
  lessonsOf,
  markCompleted,
  report,
  watchToEnd,
  YEAR,
} from '../../../test/learning.ts';

// Every test makes its own members (上海 chosen unless it tests the choice itself), so each passes alone
// and in any order.
let t: TestApp;
let snai: LessonRef[];
let bnai: LessonRef[];

beforeAll(async () => {
  t = await buildLearningApp();
  snai = await lessonsOf(t.deps.db, 2);
  bnai = await lessonsOf(t.deps.db, 1);
});
afterAll(() => t.close());

const SNAI = 2;
const learner = (options: MemberOptions = {}) => makeMember(t, { institute: SNAI, ...options });
const required = () => snai.filter((l) => l.kind === 'required');
const elective = () => snai.find((l) => l.kind === 'elective')!;
const shortRequired = () => required().reduce((a, b) => (b.durationSeconds < a.durationSeconds ? b : a));
const evaluate = (cookie: string, lessonId: number, payload: Record<string, unknown>) =>
  evaluateLesson(t, cookie, lessonId, payload);
const lessonState = (cookie: string, lessonId: number) =>
  t.app.inject({ url: `/api/lessons/${lessonId}`, headers: { cookie } });
const answers = { relevance: '非常符合' };

describe('progress refusals', () => {
  it('answers 409 INSTITUTE_NOT_CHOSEN before a choice, then 404 for another institute or unknown lesson', async () => {
    const { cookie } = await makeMember(t);
    const before = await report(t.app, cookie, snai[0]!.id, 0, 0);
    expect(before.statusCode).toBe(409);
    expect(before.json().code).toBe('INSTITUTE_NOT_CHOSEN');
    expect((await chooseInstitute(t.app, cookie, SNAI)).statusCode).toBe(201);
    expect((await report(t.app, cookie, bnai[0]!.id, 0, 0)).statusCode).toBe(404);
    expect((await report(t.app, cookie, 99_999_999, 0, 0)).statusCode).toBe(404);
    expect((await lessonState(cookie, bnai[0]!.id)).statusCode).toBe(404);
  });

  it('refuses progress on a locked elective with 409 REQUIRED_COURSES_FIRST', async () => {
    const { cookie } = await learner();
    const res = await report(t.app, cookie, elective().id, 0, 0);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('REQUIRED_COURSES_FIRST');
  });

  it('refuses a non-practicing member without the year fee with 402 FEE_UNPAID, until paid', async () => {
    const member = await learner({ memberType: 'non_practicing' });
    const fee = await t.app.inject({ url: `/api/me/fee?year=${YEAR}`, headers: { cookie: member.cookie } });
    expect(fee.json()).toEqual({ year: YEAR, required: true, paid: false, amountFen: 8000 });
    const res = await report(t.app, member.cookie, shortRequired().id, 0, 0);
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'FEE_UNPAID' });
    expect(res.json().message).toContain('80.00元');
    await payFee(t, member.id);
    expect((await report(t.app, member.cookie, shortRequired().id, 0, 0)).statusCode).toBe(200);
    const paid = await t.app.inject({ url: '/api/me/fee', headers: { cookie: member.cookie } });
    expect(paid.json().paid).toBe(true);
  });

  it('practicing members owe no fee', async () => {
    const { cookie } = await makeMember(t);
    const fee = await t.app.inject({ url: '/api/me/fee', headers: { cookie } });
    expect(fee.json()).toEqual({ year: YEAR, required: false, paid: false, amountFen: 0 });
  });

  it('gives 4xx, never 5xx, for random progress and evaluation bodies (VAL-1)', async () => {
    const { cookie } = await learner();
    const lesson = shortRequired();
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.constantFrom('progress', 'evaluation'), async (body, path) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/lessons/${lesson.id}/${path}`,
          headers: { cookie, 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    const bad = await report(t.app, cookie, lesson.id, 10, 5);
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/lessons/abc', headers: { cookie } })).statusCode).toBe(400);
  });
});

describe('tracked video (INV-5)', () => {
  it('credits the first report only up to the tolerance and never more than wall-clock time', async () => {
    const { cookie } = await learner();
    const lesson = required()[1]!; // 60 s
    const first = await report(t.app, cookie, lesson.id, 0, 30);
    expect(first.json()).toMatchObject({
      watchedSeconds: 2,
      durationSeconds: lesson.durationSeconds,
      completed: false,
    });
    t.clock.advance(5_000);
    const second = await report(t.app, cookie, lesson.id, 2, 30);
    expect(second.json().watchedSeconds).toBeLessThanOrEqual(2 + 5 + 2);
  });

  it('ignores seeking ahead, counts going back as nothing new, and resumes at the last position', async () => {
    const { cookie } = await learner();
    const lesson = required()[1]!; // 60 s
    // ten seconds watched honestly first
    await report(t.app, cookie, lesson.id, 0, 0);
    t.clock.advance(10_000);
    expect((await report(t.app, cookie, lesson.id, 0, 10)).json().watchedSeconds).toBe(10);
    const state = await lessonState(cookie, lesson.id);
    const furthest = state.json().furthestSeconds as number;
    t.clock.advance(10_000);
    const ahead = await report(t.app, cookie, lesson.id, furthest + 20, furthest + 30);
    expect(ahead.json().watchedSeconds).toBe(state.json().watchedSeconds);
    t.clock.advance(3_000);
    const back = await report(t.app, cookie, lesson.id, 0, 3);
    expect(back.json().watchedSeconds).toBe(state.json().watchedSeconds);
    const detail = await lessonState(cookie, lesson.id);
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
    const [watcher, other] = await Promise.all([learner(), learner()]);
    const lesson = shortRequired();
    const res = await watchToEnd(t, watcher.cookie, lesson);
    expect(res.json()).toMatchObject({ watchedSeconds: lesson.durationSeconds, completed: true });
    const theirs = await lessonState(other.cookie, lesson.id);
    expect(theirs.json()).toMatchObject({ watchedSeconds: 0, completed: false, positionSeconds: 0 });
  });
});

describe('evaluation', () => {
  it('refuses evaluating an unfinished lesson with 409 LESSON_NOT_COMPLETED', async () => {
    const { cookie } = await learner();
    const res = await evaluate(cookie, required()[1]!.id, { rating: 5, answers });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LESSON_NOT_COMPLETED');
  });

  it('checks rating and questionnaire answers', async () => {
    const member = await learner();
    const lesson = shortRequired();
    await markCompleted(t.deps.db, member.id, [lesson.id], t.clock.now());
    const { cookie } = member;
    expect((await evaluate(cookie, lesson.id, { rating: 6, answers })).statusCode).toBe(400);
    expect(
      (await evaluate(cookie, lesson.id, { rating: 5, comment: '好'.repeat(501), answers })).statusCode,
    ).toBe(400);
    const missing = await evaluate(cookie, lesson.id, { rating: 5 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('课程内容是否符合');
    expect(
      (await evaluate(cookie, lesson.id, { rating: 5, answers: { relevance: '随便' } })).statusCode,
    ).toBe(400);
    expect(
      (await evaluate(cookie, lesson.id, { rating: 5, answers: { nope: 'x', ...answers } })).statusCode,
    ).toBe(400);
    expect((await lessonState(cookie, lesson.id)).json().evaluated).toBe(false);
  });

  it('accepts one of several concurrent evaluations; the rest are 409 ALREADY_EVALUATED', async () => {
    const member = await learner();
    const lesson = shortRequired();
    await markCompleted(t.deps.db, member.id, [lesson.id], t.clock.now());
    const results = await Promise.all(
      [5, 4, 3].map((rating) => evaluate(member.cookie, lesson.id, { rating, comment: '讲解清楚', answers })),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.json()).toMatchObject({ lessonId: lesson.id, pendingSync: true, comment: '讲解清楚' });
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('ALREADY_EVALUATED');
    }
    const { rows } = await t.deps.db.execute(
      sql`SELECT id FROM lesson_evaluations WHERE lesson_id = ${lesson.id} AND member_id = ${member.id}`,
    );
    expect(rows).toHaveLength(1);
    const detail = await lessonState(member.cookie, lesson.id);
    expect(detail.json()).toMatchObject({ evaluated: true, evaluation: { comment: '讲解清楚' } });
  });
});

describe('required before elective', () => {
  it('opens the electives once every required course is completed', async () => {
    const member = await learner();
    const list = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie: member.cookie } });
    expect(list.json().electivesOpen).toBe(false);
    await markCompleted(
      t.deps.db,
      member.id,
      required().map((l) => l.id),
      t.clock.now(),
    );
    expect((await report(t.app, member.cookie, elective().id, 0, 0)).statusCode).toBe(200);
    const after = await t.app.inject({
      url: `/api/courses?year=${YEAR}`,
      headers: { cookie: member.cookie },
    });
    expect(after.json()).toMatchObject({ electivesOpen: true, requiredRemaining: [] });
  });
});
