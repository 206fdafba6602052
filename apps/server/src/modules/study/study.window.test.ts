import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { chooseInstitute, lessonsOf, markCompleted, memberId, report, YEAR } from '../../../test/learning.ts';

// The demo catalogue is seeded for the real current year; these tests move the clock within and past it.
const answers = { relevance: '非常符合' };
let t: TestApp;
afterEach(() => t.close());

const evaluate = (cookie: string, lessonId: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/lessons/${lessonId}/evaluation`,
    headers: { cookie },
    payload: { rating: 5, answers },
  });
const detail = async (cookie: string, lessonId: number) =>
  (await t.app.inject({ url: `/api/lessons/${lessonId}`, headers: { cookie } })).json();

/** 张明 (practicing) with institute 1 chosen for the year and its first two required lessons. */
async function zhangStudying() {
  const { cookie } = await login(t.app, '310000012345');
  expect((await chooseInstitute(t.app, cookie, 1)).statusCode).toBe(201);
  const [first, second] = (await lessonsOf(t.deps.db, 1)).filter((l) => l.kind === 'required');
  return { cookie, id: await memberId(t.deps.db, '310000012345'), first: first!, second: second! };
}

async function publishWindow(studyWindow: { opens: string; closes: string }) {
  const { cookie } = await login(t.app, 'national-admin', 'staff');
  const current = (await t.app.inject({ url: `/api/admin/rules/${YEAR}`, headers: { cookie } })).json();
  const data = structuredClone(current.data);
  for (const set of data.ruleSets) if (set.memberType === 'practicing') set.studyWindow = studyWindow;
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/admin/rules/${YEAR}`,
    headers: { cookie },
    payload: { basedOnVersion: current.version, note: '调整本年度学习时间', data },
  });
  expect(res.statusCode).toBe(201);
}

describe('the year’s study window (default: until 31 December 23:59:59 Asia/Shanghai)', () => {
  it('takes progress and evaluations at 23:59:59 on 31 December and refuses both one second later', async () => {
    t = await buildTestApp({}, new Date(Date.UTC(YEAR, 11, 31, 15, 59, 59)));
    const zhang = await zhangStudying();
    expect((await report(t.app, zhang.cookie, zhang.first.id, 0, 0)).statusCode).toBe(200);
    expect((await detail(zhang.cookie, zhang.first.id)).studyWindow).toEqual({
      opens: `${YEAR}-01-01`,
      closes: `${YEAR}-12-31`,
      status: 'open',
    });
    await markCompleted(t.deps.db, zhang.id, [zhang.first.id, zhang.second.id], t.clock.now());
    expect((await evaluate(zhang.cookie, zhang.first.id)).statusCode).toBe(201);

    t.clock.set(new Date(Date.UTC(YEAR, 11, 31, 16, 0, 0)));
    const progress = await report(t.app, zhang.cookie, zhang.first.id, 0, 0);
    expect(progress.statusCode).toBe(409);
    expect(progress.json()).toEqual({
      code: 'STUDY_WINDOW_CLOSED',
      message: `${YEAR}年度的学习已于 ${YEAR}-12-31 结束，本年度课程不能再观看或评价`,
    });
    const evaluation = await evaluate(zhang.cookie, zhang.second.id);
    expect(evaluation.statusCode).toBe(409);
    expect(evaluation.json().code).toBe('STUDY_WINDOW_CLOSED');
    expect((await detail(zhang.cookie, zhang.first.id)).studyWindow.status).toBe('closed');
  });

  it('is read from the year’s rule data in force: a published window closes, opens and runs into the next year', async () => {
    t = await buildTestApp({}, new Date(Date.UTC(YEAR, 5, 15, 2, 0, 0)));
    const zhang = await zhangStudying();
    expect((await report(t.app, zhang.cookie, zhang.first.id, 0, 0)).statusCode).toBe(200);

    await publishWindow({ opens: `${YEAR}-01-01`, closes: `${YEAR}-06-14` });
    t.clock.advance(61_000); // past the cache of the year's rule sets
    const closed = await report(t.app, zhang.cookie, zhang.first.id, 0, 0);
    expect(closed.json().code).toBe('STUDY_WINDOW_CLOSED');
    expect(closed.json().message).toContain(`已于 ${YEAR}-06-14 结束`);

    await publishWindow({ opens: `${YEAR}-07-01`, closes: `${YEAR + 1}-01-31` });
    t.clock.advance(61_000);
    const early = await report(t.app, zhang.cookie, zhang.first.id, 0, 0);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toEqual({
      code: 'STUDY_WINDOW_NOT_OPEN',
      message: `${YEAR}年度的课程自 ${YEAR}-07-01 起开放学习`,
    });

    t.clock.set(new Date(Date.UTC(YEAR + 1, 0, 20, 2, 0, 0)));
    const { cookie } = await login(t.app, '310000012345'); // months later: a new session
    expect((await report(t.app, cookie, zhang.first.id, 0, 0)).statusCode).toBe(200);
    t.clock.set(new Date(Date.UTC(YEAR + 1, 0, 31, 16, 0, 0)));
    const late = await login(t.app, '310000012345');
    expect((await report(t.app, late.cookie, zhang.first.id, 0, 0)).json().code).toBe('STUDY_WINDOW_CLOSED');
  });
});
