import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp, YEAR } from '../../../test/learning.ts';
import { giveHours } from '../../../test/oversight.ts';
import { runJob } from '../../jobs/runner.ts';
import { hoursService } from '../hours/hours.service.ts';
import { rulesService } from '../rules/rules.service.ts';
import { complianceRefreshJob } from './report.job.ts';
import { reportService } from './report.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

const refresh = () => {
  const rules = rulesService(t.deps);
  return reportService(t.deps, rules, hoursService(t.deps, rules)).refresh(YEAR);
};
const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });
const listed = async (cookie: string, query = '') =>
  (await get(`/api/reports/compliance/members?year=${YEAR}&pageSize=200${query}`, cookie)).json();
const statusOf = async (memberId: number) => {
  const { rows } = await t.deps.db.execute<{ status: string }>(
    sql`SELECT status FROM compliance_status WHERE member_id = ${memberId} AND year = ${YEAR}`,
  );
  return rows[0]?.status ?? null;
};

describe('compliance statuses and dashboard', () => {
  it('applies the rules per member-year, refreshing only what changed since the last run', async () => {
    const done = await makeMember(t, { memberType: 'non_practicing', login: false });
    const short = await makeMember(t, { memberType: 'non_practicing', login: false });
    const practicing = await makeMember(t, { login: false });
    await giveHours(t, done.id, { online: 40 });
    await giveHours(t, short.id, { online: 10 });
    await giveHours(t, practicing.id, { online: 30, ethics: 4 }); // online capped at 24: short
    await refresh();
    expect(await statusOf(done.id)).toBe('compliant');
    expect(await statusOf(short.id)).toBe('short');
    expect(await statusOf(practicing.id)).toBe('short');

    // nothing changed: nothing is recomputed
    expect((await refresh()).refreshed).toBe(0);

    await giveHours(t, practicing.id, { faceToFace: 16 });
    expect(await statusOf(practicing.id)).toBe('short'); // the dashboard shows the last refresh
    const again = await refresh();
    expect(again.refreshed).toBe(1);
    expect(await statusOf(practicing.id)).toBe('compliant');
  });

  it('counts nationwide for the national admin and one province for a provincial reviewer', async () => {
    const national = await makeStaff(t);
    const shReviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '31' });
    const bj = await makeMember(t, { memberType: 'non_practicing', province: '11', login: false });
    await giveHours(t, bj.id, { online: 41 });
    await runJob(t.deps, complianceRefreshJob);

    const all = (await get(`/api/reports/compliance?year=${YEAR}`, national.cookie)).json();
    expect(all.asOf).toEqual(expect.any(String));
    expect(all.byProvince.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['11', '31']));
    const beijing = all.byProvince.find((p: { code: string }) => p.code === '11');
    expect(beijing.compliant).toBeGreaterThanOrEqual(1);
    expect(all.curve).toHaveLength(12);
    expect(all.curve[11].compliant).toBe(all.totals.compliant);

    const sh = (await get(`/api/reports/compliance?year=${YEAR}`, shReviewer.cookie)).json();
    expect(sh.province).toBe('31');
    expect(sh.byProvince.map((p: { code: string }) => p.code)).toEqual(['31']);
    const shList = await listed(shReviewer.cookie);
    expect(shList.rows.every((r: { province: string }) => r.province === '上海')).toBe(true);
    expect(shList.rows.map((r: { memberId: number }) => r.memberId)).not.toContain(bj.id);
    expect(
      (await get(`/api/reports/compliance?year=${YEAR}&province=11`, shReviewer.cookie)).statusCode,
    ).toBe(403);
    expect(
      (await listed(national.cookie, '&province=11')).rows.map((r: { memberId: number }) => r.memberId),
    ).toContain(bj.id);
  });

  it('refuses institute admins, system admins and members (nothing national for them)', async () => {
    const instituteAdmin = await makeStaff(t, { role: 'institute_admin' });
    const systemAdmin = await makeStaff(t, { role: 'system_admin' });
    const member = await makeMember(t);
    for (const cookie of [instituteAdmin.cookie, systemAdmin.cookie, member.cookie]) {
      expect((await get(`/api/reports/compliance?year=${YEAR}`, cookie)).statusCode).toBe(403);
      expect((await get('/api/reports/compliance/members', cookie)).statusCode).toBe(403);
      expect((await get(`/api/reports/compliance/members/${member.id}`, cookie)).statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/reports/compliance' })).statusCode).toBe(401);
  });

  it("drills down to one member's year: the member's own 学时查询, read-only and audited", async () => {
    const national = await makeStaff(t);
    const bjReviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '11' });
    const member = await makeMember(t, { memberType: 'non_practicing' });
    await giveHours(t, member.id, { online: 12.5 });
    const own = (await get(`/api/me/hours?year=${YEAR}`, member.cookie)).json();
    const seen = await get(`/api/reports/compliance/members/${member.id}?year=${YEAR}`, national.cookie);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual(own);
    const { rows } = await t.deps.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'report.member_year' AND target = ${`member:${member.id}/${YEAR}`} AND actor_id = ${national.id}`);
    expect(rows[0]!.n).toBe(1);
    expect((await get(`/api/reports/compliance/members/${member.id}`, bjReviewer.cookie)).statusCode).toBe(
      403,
    );
  });
});
