import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { completeLesson, makeMember, makeStaff, payFee } from '../../../test/fixtures.ts';
import { buildLearningApp, type LessonRef, lessonsOf, markCompleted, YEAR } from '../../../test/learning.ts';
import { readXlsxRows } from '../../documents/xlsx.ts';
import { forecastAll } from './plan.job.ts';
import { FORECAST_COLUMNS } from './plan.routes.ts';

// Every test makes its own members, so each passes alone and in any order. 厦门 asks no questionnaire.
const XNAI = 3;
let t: TestApp;
let lessons: LessonRef[];
beforeAll(async () => {
  t = await buildLearningApp();
  lessons = await lessonsOf(t.deps.db, XNAI);
});
afterAll(() => t.close());

interface PlanBody {
  lessons: { lessonId: number; kind: string; hours: number; minutes: number; evaluateOnly: boolean }[];
  unmet: { kind: string; what: string; hours: number; options: string[] }[];
  [key: string]: unknown;
}
const plan = async (cookie: string, year = YEAR): Promise<PlanBody> => {
  const res = await t.app.inject({ url: `/api/me/plan?year=${year}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const sumH = (xs: { hours: number }[]) => xs.reduce((s, x) => s + Math.round(x.hours * 100), 0) / 100;
const catalogueHours = () => lessons.reduce((s, l) => s + l.creditHundredths, 0) / 100;

describe('学习计划 GET /api/me/plan', () => {
  it('a practicing member: every lesson of the demo catalogue, and what video cannot do', async () => {
    const { cookie } = await makeMember(t, { institute: XNAI });
    const p = await plan(cookie);
    expect(p).toMatchObject({
      year: YEAR,
      institute: { id: XNAI, name: '厦门国家会计学院' },
      payFirst: false,
      target: { hours: 24, ethics: 4 },
      closes: false,
    });
    // the demo catalogue holds more than the 24 online hours that count: the plan stops at 24
    expect(catalogueHours()).toBeGreaterThan(24);
    expect(p.countedHours).toBe(24);
    expect(p.ethicsHours).toBeGreaterThanOrEqual(2);
    expect(p.totalHours).toBe(sumH(p.lessons));
    expect(p.lessons.length).toBeLessThan(lessons.length);
    // required before elective: an elective in the plan means every required lesson is in it
    const required = lessons.filter((l) => l.kind === 'required').map((l) => l.id);
    if (p.lessons.some((l) => l.kind === 'elective')) {
      expect(p.lessons.map((l) => l.lessonId)).toEqual(expect.arrayContaining(required));
    }
    expect(p.unmet.map((u) => [u.kind, u.hours])).toEqual([
      ['online_cap', 16],
      ...((p.ethicsHours as number) >= 4 ? [] : [['ethics', 4 - (p.ethicsHours as number)]]),
    ]);
    expect(p.unmet[0]?.what).toContain('最多计 24 学时');
    expect(p.unmet[0]?.options.join('\n')).toMatch(/面授[\s\S]*第十八条/);
    // no activity yet: no pace, and the minutes per week the rest of the year needs
    expect(p.forecast).toMatchObject({ paceMinutesPerWeek: null, onTrack: null, closesOn: `${YEAR}-12-31` });
    expect((p.forecast as { neededMinutesPerWeek: number }).neededMinutesPerWeek).toBeGreaterThan(0);
  });

  it('a non-practicing member pays first; without a cap video brings what the catalogue holds', async () => {
    const member = await makeMember(t, { memberType: 'non_practicing', institute: XNAI });
    const unpaid = await plan(member.cookie);
    expect(unpaid.payFirst).toBe(true);
    expect(unpaid.target).toEqual({ hours: 40, ethics: 0 });
    expect(unpaid.unmet.map((u) => u.kind)).toEqual(['catalogue']);
    expect(unpaid.unmet[0]?.options.join('\n')).toContain('产出式学时');
    await payFee(t, member.id);
    expect((await plan(member.cookie)).payFirst).toBe(false);
  });

  it('puts completed but unevaluated lessons first at no cost; evaluated ones leave the plan', async () => {
    const member = await makeMember(t, { institute: XNAI });
    const [a, b] = [lessons[1] as LessonRef, lessons[0] as LessonRef];
    await markCompleted(t.deps.db, member.id, [a.id], t.clock.now());
    await completeLesson(t, member.cookie, b, { rating: 4 }); // evaluated, pending until the sync
    const p = await plan(member.cookie);
    expect(p.lessons[0]).toMatchObject({ lessonId: a.id, minutes: 0, evaluateOnly: true });
    expect(p.lessons.map((l) => l.lessonId)).not.toContain(b.id);
    expect(p.target).toMatchObject({ hours: 24 - b.creditHundredths / 100 });
  });

  it('has no lessons before an institute is chosen, and says video leaves the year open', async () => {
    const { cookie } = await makeMember(t);
    const p = await plan(cookie);
    expect(p).toMatchObject({ institute: null, lessons: [], totalMinutes: 0, closes: false });
    expect(p.unmet.map((u) => [u.kind, u.hours])).toEqual([
      ['online_cap', 16],
      ['catalogue', 24],
      ['ethics', 4],
    ]);
  });

  it('forecasts from the pace: minutes watched per week since the first lesson of the year', async () => {
    const member = await makeMember(t, { institute: XNAI });
    const lesson = lessons.find((l) => l.durationSeconds === 300) as LessonRef;
    await completeLesson(t, member.cookie, lesson, null); // 5 minutes watched
    const { rows } = await t.deps.db.execute<{ n: number }>(sql`
      SELECT COUNT(*)::int AS n FROM lesson_progress
      WHERE member_id = ${member.id} AND first_report_at IS NOT NULL AND first_report_at < last_report_at`);
    expect(Number(rows[0]?.n)).toBe(1);
    // as if the lesson had been started two weeks ago
    await t.deps.db.execute(sql`
      UPDATE lesson_progress SET first_report_at = first_report_at - interval '14 days'
      WHERE member_id = ${member.id}`);
    const p = await plan(member.cookie);
    // the demo clips are short: at 2.5 minutes a week the rest is done well before the window closes
    expect(p.forecast).toMatchObject({
      paceMinutesPerWeek: 2.5,
      onTrack: true,
      finishOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      warning: null,
    });
  });

  it('names the face-to-face trainings the member can still sign up for (培训通知)', async () => {
    const publish = async (province: string, title: string, over: Record<string, unknown> = {}) => {
      const staff = await makeStaff(t, { role: 'provincial_reviewer', province });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/staff/trainings',
        headers: { cookie: staff.cookie },
        payload: {
          title,
          body: '培训内容',
          place: '培训中心',
          startsOn: `${YEAR}-07-01`,
          endsOn: `${YEAR}-07-01`,
          signupDeadline: `${YEAR}-06-30`,
          hours: 8,
          ethics: false,
          capacity: 30,
          memberTypes: ['practicing'],
          ...over,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const title = `上海面授${Math.random().toString(36).slice(2, 8)}`;
    await publish('31', title);
    await publish('11', `${title}北京`);
    await publish('31', `${title}非执业`, { memberTypes: ['non_practicing'] });
    const { cookie } = await makeMember(t, { institute: XNAI });
    const options = (await plan(cookie)).unmet[0]?.options ?? [];
    expect(options).toContain(`面授培训：${title}（${YEAR}-07-01，8.00学时）`);
    expect(options.join('\n')).not.toContain(`${title}北京`);
    expect(options.join('\n')).not.toContain(`${title}非执业`);
  });

  it('refuses a year without rules with 404 and a malformed year with 400', async () => {
    const { cookie } = await makeMember(t);
    expect((await t.app.inject({ url: '/api/me/plan?year=2001', headers: { cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/me/plan?year=abc', headers: { cookie } })).statusCode).toBe(400);
  });
});

describe('nightly forecast and the national admin view', () => {
  it('stores every member’s forecast, idempotently, counts them by province and exports the list', async () => {
    const short = await makeMember(t, { institute: XNAI, province: '44', name: '预测会员' });
    const first = await forecastAll(t.deps, YEAR);
    const count = async () => {
      const { rows } = await t.deps.db.execute<{ n: number }>(
        sql`SELECT COUNT(*)::int AS n FROM plan_forecasts WHERE year = ${YEAR}`,
      );
      return Number(rows[0]?.n);
    };
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(first.members);
    const again = await forecastAll(t.deps, YEAR);
    expect(again.members).toBe(first.members);
    expect(await count()).toBe(before);
    const { rows } = await t.deps.db.execute<Record<string, unknown>>(
      sql`SELECT * FROM plan_forecasts WHERE member_id = ${short.id} AND year = ${YEAR}`,
    );
    expect(rows[0]).toMatchObject({ province_code: '44', falls_short: true, unmet_hundredths: 1600 });

    const admin = await makeStaff(t);
    const summary = await t.app.inject({
      url: `/api/admin/plan-forecasts?year=${YEAR}`,
      headers: { cookie: admin.cookie },
    });
    expect(summary.statusCode).toBe(200);
    const guangdong = summary.json().provinces.find((p: { province: string }) => p.province === '44');
    expect(guangdong.fallsShort).toBeGreaterThanOrEqual(1);
    expect(guangdong.videoCannotClose).toBeGreaterThanOrEqual(1);
    expect(summary.json().computedAt).not.toBeNull();

    const file = await t.app.inject({
      url: `/api/admin/plan-forecasts/export?year=${YEAR}&province=44`,
      headers: { cookie: admin.cookie },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const exported = await readXlsxRows(file.rawPayload, FORECAST_COLUMNS);
    expect(exported.map((r) => r.values.username)).toContain(short.username);
    expect(exported.every((r) => r.values.province === exported[0]?.values.province)).toBe(true);
    expect(exported.find((r) => r.values.username === short.username)?.values).toMatchObject({
      name: '预测会员',
      unmet: '16',
      onTrack: '无法预测',
    });
  });

  it('is for the national admin only', async () => {
    const member = await makeMember(t);
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    for (const headers of [{ cookie: member.cookie }, { cookie: reviewer.cookie }]) {
      const res = await t.app.inject({ url: `/api/admin/plan-forecasts?year=${YEAR}`, headers });
      expect(res.statusCode).toBe(403);
      const file = await t.app.inject({ url: `/api/admin/plan-forecasts/export?year=${YEAR}`, headers });
      expect(file.statusCode).toBe(403);
    }
  });
});
