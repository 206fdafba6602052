import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { completeLesson, makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, type LessonRef, lessonsOf, markCompleted, YEAR } from '../../../test/learning.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';
import { syncLessonHours } from '../sync/sync.service.ts';

// Every test makes its own member with 厦门 chosen, so each passes alone and in any order.
const XNAI = 3;
let t: TestApp;
let lessons: LessonRef[];
beforeAll(async () => {
  t = await buildLearningApp();
  lessons = await lessonsOf(t.deps.db, XNAI);
});
afterAll(() => t.close());

const learner = () => makeMember(t, { institute: XNAI });
const hours = async (cookie: string, year = YEAR) => {
  const res = await t.app.inject({ url: `/api/me/hours?year=${year}`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const short = () => lessons[0]!; // 审计准则修订背景概述: 20 s, 0.5 学时
const ethics = () => lessons.find((l) => l.kind === 'required' && l.durationSeconds === 30)!; // 职业道德, 1 学时

describe('学时查询', () => {
  it('starts with the requirement, nothing recorded and the institute hotline', async () => {
    const { cookie } = await learner();
    const h = await hours(cookie);
    expect(h).toMatchObject({
      year: YEAR,
      ruleVersion: 1,
      requirement: { total: 40, ethics: 4 },
      credited: { total: 0, online: 0 },
      compliant: false,
      recordedHours: 0,
      pendingHours: 0,
      entries: [],
      unevaluatedLessons: [],
      institute: { name: '厦门国家会计学院', hotline: '0592-5769000' },
    });
    expect(h.reasons.join('')).toContain('40');
  });

  it('shows evaluated lessons as pending until the sync, unevaluated ones as giving no hours', async () => {
    const member = await learner();
    for (const l of [short(), ethics()]) await completeLesson(t, member.cookie, l, { rating: 4 }); // 厦门 asks no questionnaire
    const unevaluated = lessons[1]!;
    await markCompleted(t.deps.db, member.id, [unevaluated.id], t.clock.now());

    const before = await hours(member.cookie);
    expect(before.pendingHours).toBe(1.5);
    expect(before.recordedHours).toBe(0);
    expect(before.unevaluatedLessons).toEqual([
      expect.objectContaining({ lessonId: unevaluated.id, creditHours: unevaluated.creditHundredths / 100 }),
    ]);
    expect(before.reasons.join('')).toContain('1.5');

    await syncLessonHours(t.deps);
    const after = await hours(member.cookie);
    expect(after.pendingHours).toBe(0);
    expect(after.recordedHours).toBe(1.5);
    expect(after.credited).toMatchObject({ total: 1.5, online: 1.5, onlineRequired: 1.5, ethics: 1 });
    expect(after.entries).toHaveLength(2);
    expect(after.entries[0]).toMatchObject({
      kind: 'required',
      source: 'lesson',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(after.entries.map((e: { lesson: string }) => e.lesson)).toContain('审计准则修订背景概述');
  });

  it('keeps every total equal to the sum of ledger entries, reversals included (INV-4)', async () => {
    const member = await learner();
    for (const l of [short(), ethics()]) await completeLesson(t, member.cookie, l, { rating: 4 });
    await syncLessonHours(t.deps);
    await appendEntry(t.deps.db, {
      memberId: member.id,
      year: YEAR,
      sourceType: 'adjustment',
      sourceId: 9_000_000 + member.id, // one adjustment per member
      hoursHundredths: -50,
      bucket: 'online_required',
      ethics: false,
      createdBy: 'test',
      postedAt: t.clock.now(),
    });
    const h = await hours(member.cookie);
    const { rows } = await t.deps.db.execute<{ s: number }>(
      sql`SELECT SUM(hours_hundredths)::int AS s FROM hour_ledger WHERE member_id = ${member.id} AND year = ${YEAR}`,
    );
    const entrySum = h.entries.reduce((s: number, e: { hours: number }) => s + Math.round(e.hours * 100), 0);
    expect(entrySum).toBe(Number(rows[0]!.s));
    expect(Math.round(h.recordedHours * 100)).toBe(entrySum);
    expect(h.entries).toHaveLength(3);
    expect(h.recordedHours).toBe(1);
    expect(h.credited.onlineStudied).toBe(1);
  });

  it('is per member: another member sees only their own year (AC-2)', async () => {
    const studied = await learner();
    await completeLesson(t, studied.cookie, short(), { rating: 4 });
    await syncLessonHours(t.deps);
    await completeLesson(t, studied.cookie, ethics(), { rating: 4 }); // pending
    const mine = await hours(studied.cookie);
    expect(mine).toMatchObject({ recordedHours: 0.5, pendingHours: 1 });

    const other = await makeMember(t);
    expect(await hours(other.cookie)).toMatchObject({
      recordedHours: 0,
      pendingHours: 0,
      entries: [],
      institute: null,
    });
  });

  it('refuses a year without rules with 404 and a malformed year with 400', async () => {
    const { cookie } = await learner();
    expect((await t.app.inject({ url: '/api/me/hours?year=2001', headers: { cookie } })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/api/me/hours?year=abc', headers: { cookie } })).statusCode).toBe(400);
  });
});
