import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { completeLesson, makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp, type LessonRef, lessonsOf, YEAR } from '../../../test/learning.ts';
import { buildApp } from '../../app.ts';
import { syncLessonHours } from '../sync/sync.service.ts';

// 学时查询 reads the per-member-year standing and applies the rules in force when it is read. This file
// has its own database: it publishes a rule correction for the year.
const XNAI = 3;
let t: TestApp;
let lessons: LessonRef[];
beforeAll(async () => {
  t = await buildLearningApp();
  lessons = await lessonsOf(t.deps.db, XNAI);
});
afterAll(() => t.close());

const hours = async (cookie: string, app = t.app) => {
  const res = await app.inject({ url: `/api/me/hours?year=${YEAR}`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('学时查询 over the standing', () => {
  it('reports the standing the ledger trigger keeps, and applies a rule correction another process publishes', async () => {
    const member = await makeMember(t, { institute: XNAI });
    await completeLesson(t, member.cookie, lessons[0]!, { rating: 5 });
    await syncLessonHours(t.deps);
    const before = await hours(member.cookie);
    const { rows } = await t.deps.db.execute<{ s: number }>(
      sql`SELECT SUM(hundredths)::int AS s FROM hour_standing WHERE member_id = ${member.id} AND year = ${YEAR}`,
    );
    expect(Math.round(before.recordedHours * 100)).toBe(Number(rows[0]!.s));
    expect(before.recordedHours).toBeGreaterThan(0);
    expect(before.requirement.total).toBe(40);

    // A second server process on the same database publishes a corrected minimum for the year.
    const other = await buildApp(t.deps);
    try {
      const admin = await makeStaff(t);
      const current = (
        await other.inject({ url: `/api/admin/rules/${YEAR}`, headers: { cookie: admin.cookie } })
      ).json();
      const data = structuredClone(current.data);
      const set = data.ruleSets.find(
        (r: { memberType: string; year: number }) => r.memberType === 'practicing' && r.year === YEAR,
      );
      set.minimumTotal = 3600;
      const published = await other.inject({
        method: 'POST',
        url: `/api/admin/rules/${YEAR}`,
        headers: { cookie: admin.cookie },
        payload: { basedOnVersion: current.version, note: '更正年度最低学时', data },
      });
      expect(published.statusCode).toBe(201);
    } finally {
      await other.close();
    }
    const after = await hours(member.cookie);
    expect(after.ruleVersion).toBe(before.ruleVersion + 1);
    expect(after.requirement.total).toBe(36);
    expect(after.recordedHours).toBe(before.recordedHours);
  });
});
