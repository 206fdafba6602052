import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp } from '../../../test/learning.ts';
import { giveHours } from '../../../test/oversight.ts';
import { isYearClosedError } from './year-close.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

const YEAR_TO_CLOSE = 2023;

describe('year close', () => {
  it('freezes the statuses, refuses ledger entries until an audited re-opening', async () => {
    const admin = await makeStaff(t);
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    const member = await makeMember(t, { memberType: 'non_practicing', login: false });
    await giveHours(t, member.id, { online: 40 }, YEAR_TO_CLOSE);
    const post = (url: string, cookie: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: { cookie }, payload });

    expect((await post(`/api/admin/years/${YEAR_TO_CLOSE}/close`, reviewer.cookie)).statusCode).toBe(403);
    const closed = await post(`/api/admin/years/${YEAR_TO_CLOSE}/close`, admin.cookie);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      ruleVersion: expect.any(Number),
      closedBy: '测试管理人员',
      reopenedAt: null,
    });
    const { rows } = await t.deps.db.execute<{ status: string; frozen: boolean }>(sql`
      SELECT status, frozen FROM compliance_status WHERE member_id = ${member.id} AND year = ${YEAR_TO_CLOSE}`);
    expect(rows[0]).toMatchObject({ status: 'compliant', frozen: true });

    await expect(giveHours(t, member.id, { online: 1 }, YEAR_TO_CLOSE)).rejects.toThrow(/年度已关闭/);
    expect((await post(`/api/admin/years/${YEAR_TO_CLOSE}/close`, admin.cookie)).statusCode).toBe(409);

    const reopened = await post(`/api/admin/years/${YEAR_TO_CLOSE}/reopen`, admin.cookie, {
      reason: '更正面授学时',
    });
    expect(reopened.json()).toMatchObject({
      status: 'reopened',
      reopenedBy: '测试管理人员',
      reopenReason: '更正面授学时',
      reopenedAt: expect.any(String),
    });
    const state = await t.app.inject({
      url: `/api/admin/years/${YEAR_TO_CLOSE}/closure`,
      headers: { cookie: admin.cookie },
    });
    expect(state.json()).toMatchObject({ status: 'reopened', closedBy: '测试管理人员' });
    await giveHours(t, member.id, { online: 1 }, YEAR_TO_CLOSE);
    const { rows: audit } = await t.deps.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE target = ${`year:${YEAR_TO_CLOSE}`} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['year.close', 'year.reopen']);
  });

  it('refuses, as a whole, one statement that posts into an open year and a closed one', async () => {
    const admin = await makeStaff(t);
    const member = await makeMember(t, { login: false });
    const CLOSED = 2024;
    const OPEN = 2025;
    const entries = () =>
      t.deps.db.execute(sql`
        INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
          rule_set_version, created_by, posted_at)
        SELECT ${member.id}, y, 'adjustment', ${member.id * 10} + y - 2000, 100, 'online_required', false,
               (SELECT max(version) FROM rule_versions rv WHERE rv.year = y), 'test', now()
        FROM unnest(ARRAY[${OPEN}, ${CLOSED}]::int[]) AS y`);
    const count = async () =>
      (
        await t.deps.db.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM hour_ledger WHERE member_id = ${member.id}`,
        )
      ).rows[0]!.n;
    await t.deps.db.execute(sql`
      INSERT INTO year_closures (year, status, rule_version, closed_at, closed_by)
      VALUES (${CLOSED}, 'closed', 1, now(), ${admin.id})`);
    try {
      const refused = await entries().catch((e: unknown) => e);
      expect(isYearClosedError(refused)).toBe(true);
      expect(String((refused as Error).cause ?? refused)).toContain(`year ${CLOSED} is closed`);
      expect(await count()).toBe(0);
    } finally {
      await t.deps.db.execute(sql`UPDATE year_closures SET status = 'reopened' WHERE year = ${CLOSED}`);
    }
    await entries();
    expect(await count()).toBe(2);
  });
});
