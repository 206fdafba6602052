import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { type LessonRef, learningNow, lessonsOf, YEAR } from '../../../test/learning.ts';
import { newMember, progressTotals } from '../../../test/study-members.ts';
import { buildApp } from '../../app.ts';
import { lessonInfo, pooled, progressContext, saveReport } from './progress.repository.ts';

/**
 * Credit per member (INV-5 across lessons, pages and devices), the displaced page, the rate limit,
 * the bounded watched list and the error codes of a progress report, through the real app.
 */
let t: TestApp;
let lessons: LessonRef[];

beforeAll(async () => {
  t = await buildTestApp({}, learningNow());
  lessons = (await lessonsOf(t.deps.db, 2)).filter((l) => l.kind === 'required' && l.durationSeconds >= 60);
});
afterAll(() => t.close());

type Body = { from: number; to: number; viewing?: string; claim?: boolean };
const post = (cookie: string, lessonId: number, body: Body, app = t.app) =>
  app.inject({
    method: 'POST',
    url: `/api/lessons/${lessonId}/progress`,
    headers: { cookie },
    payload: body,
  });

describe('credit per member', () => {
  it('credits five lessons played side by side for 60 s with at most 60 s plus the tolerance', async () => {
    const m = await newMember(t);
    const phone = (await login(t.app, m.username)).cookie;
    const five = lessons.slice(0, 5);
    expect(five).toHaveLength(5);
    const cookieOf = (i: number) => (i % 2 === 0 ? m.cookie : phone);
    // a cheating page claims on every report (as a script without a viewing id does)
    const started = await Promise.all(five.map((l, i) => post(cookieOf(i), l.id, { from: 0, to: 0 })));
    for (const r of started) expect(r.statusCode).toBe(200);
    for (let round = 0; round < 6; round++) {
      t.clock.advance(10_000);
      const res = await Promise.all(
        five.map((l, i) => post(cookieOf(i), l.id, { from: round * 10, to: round * 10 + 10 })),
      );
      for (const r of res) expect(r.statusCode).toBe(200);
    }
    const { watched } = await progressTotals(t, m.id);
    console.info(`five lessons side by side, 60 s of wall clock: ${watched} s credited`);
    expect(watched).toBeLessThanOrEqual(60 + 2);
    // a page that got less than it reported is behind: its later intervals are seeks ahead
    expect(watched).toBeGreaterThan(10);
  });

  it('refuses the write of a report whose read another page of the member overtook', async () => {
    const m = await newMember(t);
    const [a, b] = lessons;
    expect((await post(m.cookie, a!.id, { from: 0, to: 0 })).statusCode).toBe(200);
    // two pages (two lessons) read the member's clock at the same moment ...
    const run = pooled(t.deps.database);
    const [ctxA, ctxB] = await Promise.all([
      progressContext(run, m.id, await lessonInfo(t.deps.database, a!.id).then((i) => i!)),
      progressContext(run, m.id, await lessonInfo(t.deps.database, b!.id).then((i) => i!)),
    ]);
    expect(ctxA.watchClock.version).toBe(ctxB.watchClock.version);
    const write = (lessonId: number, version: number) =>
      saveReport(run, {
        memberId: m.id,
        lessonId,
        intervals: [[0, 10_000]],
        watchedSeconds: 10,
        furthestSeconds: 10,
        positionSeconds: 10,
        reportedAt: t.clock.now(),
        completedAt: null,
        clock: {
          viewingId: null,
          lastCreditAt: t.clock.now().getTime(),
          bankMs: 2_000,
          windowAt: null,
          windowCount: 1,
        },
        clockVersion: version,
      });
    // ... each credits the same 10 s: only the first write may land
    expect(await write(a!.id, ctxA.watchClock.version)).toBe(true);
    expect(await write(b!.id, ctxB.watchClock.version)).toBe(false);
    expect((await progressTotals(t, m.id)).watched).toBe(10);
  });

  it('credits an honest viewing every second, with a pause and a rewind', async () => {
    const m = await newMember(t);
    const lesson = lessons.find((l) => l.durationSeconds === 60)!;
    const v = { viewing: 'honest-page-1' };
    const steps: [number, Body][] = [
      [0, { from: 0, to: 0, claim: true, ...v }],
      [10_000, { from: 0, to: 10, ...v }],
      [2_400, { from: 10, to: 12.4, ...v }], // pause
      [120_000, { from: 12.4, to: 12.4, claim: true, ...v }], // play again after two minutes
      [10_000, { from: 12.4, to: 22.4, ...v }],
      [7_600, { from: 22.4, to: 30, ...v }], // seek back to 5
      [10_000, { from: 5, to: 15, ...v }],
      [10_000, { from: 15, to: 25, ...v }],
      [10_000, { from: 25, to: 35, ...v }],
      [10_000, { from: 35, to: 45, ...v }],
      [10_000, { from: 45, to: 55, ...v }],
      [5_000, { from: 55, to: 60, ...v }],
    ];
    let last = await post(m.cookie, lesson.id, steps[0]![1]);
    for (const [wait, body] of steps.slice(1)) {
      t.clock.advance(wait);
      last = await post(m.cookie, lesson.id, body);
      expect(last.statusCode).toBe(200);
    }
    expect(last.json()).toMatchObject({ watchedSeconds: 60, completed: true, furthestSeconds: 60 });
  });
});

describe('the displaced page', () => {
  it('tells a page whose viewing another lesson or device took over, and lets it continue here', async () => {
    const m = await newMember(t);
    const phone = (await login(t.app, m.username)).cookie;
    const [a, b] = lessons;
    const pageA = { viewing: 'page-a-00000001' };
    const pageB = { viewing: 'page-b-00000002' };
    expect((await post(m.cookie, a!.id, { from: 0, to: 0, claim: true, ...pageA })).statusCode).toBe(200);
    t.clock.advance(10_000);
    expect((await post(m.cookie, a!.id, { from: 0, to: 10, ...pageA })).json().watchedSeconds).toBe(10);
    t.clock.advance(1_000);
    expect((await post(phone, b!.id, { from: 0, to: 0, claim: true, ...pageB })).statusCode).toBe(200);
    t.clock.advance(9_000);
    const displaced = await post(m.cookie, a!.id, { from: 10, to: 20, ...pageA });
    expect(displaced.statusCode).toBe(409);
    expect(displaced.json()).toEqual({
      code: 'VIEWING_DISPLACED',
      message: '您正在其他页面或设备上学习，本页已暂停计时',
    });
    expect((await post(phone, b!.id, { from: 0, to: 9, ...pageB })).json().watchedSeconds).toBe(9);
    // 在本页继续学习: page A claims again, and now page B is the displaced one
    t.clock.advance(1_000);
    expect((await post(m.cookie, a!.id, { from: 10, to: 10, claim: true, ...pageA })).statusCode).toBe(200);
    t.clock.advance(5_000);
    expect((await post(phone, b!.id, { from: 9, to: 14, ...pageB })).json().code).toBe('VIEWING_DISPLACED');
    expect((await post(m.cookie, a!.id, { from: 10, to: 15, ...pageA })).json().watchedSeconds).toBe(15);
    const { watched } = await progressTotals(t, m.id);
    expect(watched).toBe(10 + 9 + 5);
  });
});

describe('progress that cannot bloat', () => {
  it('answers 429 RATE_LIMITED past the limit, counted in the database for every server process', async () => {
    const m = await newMember(t);
    const lesson = lessons[0]!;
    const second = await buildApp(t.deps);
    try {
      const res = [];
      for (let i = 0; i < 6; i++)
        res.push(await post(m.cookie, lesson.id, { from: 0, to: 0 }, i % 2 ? second : t.app));
      expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(res[5]!.json()).toEqual({ code: 'RATE_LIMITED', message: '学习进度上报过于频繁，请稍后再试' });
      t.clock.advance(1_000);
      expect((await post(m.cookie, lesson.id, { from: 0, to: 1 }, second)).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('keeps the watched list short whatever tiny reports arrive', async () => {
    const m = await newMember(t);
    const lesson = lessons[0]!;
    for (let i = 0; i < 100; i++) {
      t.clock.advance(250);
      const from = i * 0.002;
      const res = await post(m.cookie, lesson.id, { from, to: from + 0.001 });
      expect(res.statusCode).toBe(200);
    }
    expect((await progressTotals(t, m.id)).longest).toBe(0);
    for (let k = 1; k <= 20; k++) {
      t.clock.advance(1_000);
      const res = await post(m.cookie, lesson.id, { from: k - 0.001, to: k });
      expect(res.statusCode).toBe(200);
    }
    expect(await progressTotals(t, m.id)).toEqual({ watched: 20, longest: 1 });
  });
});

describe('reports at the same moment (PostgreSQL runs them side by side)', () => {
  let busy: TestApp;
  let base: string;
  beforeAll(async () => {
    busy = await buildTestApp({ PROGRESS_REPORTS_PER_SECOND: 1000 }, learningNow());
    base = await busy.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => busy.close());

  // over real HTTP, so the requests overlap as a browser's do
  const send = (cookie: string, lessonId: number, body: Body) =>
    fetch(`${base}/api/lessons/${lessonId}/progress`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('never credits the same wall-clock time twice when many pages report at once', async () => {
    const m = await newMember(busy);
    const other = (await login(busy.app, m.username)).cookie;
    const all = (await lessonsOf(busy.deps.db, 2)).filter((l) => l.kind === 'required');
    for (const l of all) expect((await send(m.cookie, l.id, { from: 0, to: 0 })).status).toBe(200);
    busy.clock.advance(10_000);
    const res = await Promise.all(
      [...all, ...all, ...all].map((l, i) => send(i % 2 ? m.cookie : other, l.id, { from: 0, to: 10 })),
    );
    expect(res.map((r) => r.status)).toEqual(Array(res.length).fill(200));
    // 10 s of wall clock since the member's last report, plus at most the 2 s tolerance
    const { watched } = await progressTotals(busy, m.id);
    expect(watched).toBeLessThanOrEqual(12);
    expect(watched).toBeGreaterThanOrEqual(10);
  });

  it('answers every one of 50 concurrent reports on one lesson without a conflict', async () => {
    const m = await newMember(busy);
    const lesson = (await lessonsOf(busy.deps.db, 2)).find((l) => l.durationSeconds >= 60)!;
    expect((await send(m.cookie, lesson.id, { from: 0, to: 0 })).status).toBe(200);
    busy.clock.advance(10_000);
    const res = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(m.cookie, lesson.id, { from: i % 5, to: 10 })),
    );
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(200));
    const { watched } = await progressTotals(busy, m.id);
    expect(watched).toBeGreaterThanOrEqual(10);
    expect(watched).toBeLessThanOrEqual(12);
  });
});

describe('error codes of a progress report', () => {
  it('answers 409 STUDY_WINDOW_NOT_OPEN for a lesson of next year, and the player stops', async () => {
    const m = await newMember(t);
    await t.deps.db.execute(sql`
      INSERT INTO institute_choices (member_id, year, institute_id, chosen_at)
      VALUES (${m.id}, ${YEAR + 1}, 2, now())`);
    const next = (await lessonsOf(t.deps.db, 2, YEAR + 1))[0]!;
    const res = await post(m.cookie, next.id, { from: 0, to: 0 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('STUDY_WINDOW_NOT_OPEN');
    expect(res.json().message).toContain(`${YEAR + 1}`);
  });

  it('refuses a malformed viewing id', async () => {
    const m = await newMember(t);
    const res = await post(m.cookie, lessons[0]!.id, { from: 0, to: 0, viewing: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
