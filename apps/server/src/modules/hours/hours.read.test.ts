import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp, YEAR } from '../../../test/learning.ts';
import { expectUnauthenticated, expireSessionsOf, sessionsOf, statementsOf } from '../../../test/sessions.ts';

/** The read side of 学时查询: the session and the member's year in one statement. */
let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

const get = (cookie: string, query = `?year=${YEAR}`) =>
  t.app.inject({ url: `/api/me/hours${query}`, headers: { cookie } });

describe('学时查询 read side', () => {
  it('reads the session and the year in one statement, for the given and for the current year', async () => {
    const m = await makeMember(t, { institute: 3 });
    let res: Awaited<ReturnType<typeof get>> | undefined;
    expect(await statementsOf(t, async () => (res = await get(m.cookie)))).toEqual([
      'cpe_session_hours_state',
    ]);
    expect(res!.statusCode).toBe(200);
    expect(res!.json()).toMatchObject({ year: YEAR, requirement: { total: 40 }, recordedHours: 0 });
    expect(res!.json().institute).toMatchObject({ name: '厦门国家会计学院' });
    // the current year is the same year: its answer is held
    expect(await statementsOf(t, async () => (res = await get(m.cookie, '')))).toEqual([
      'cpe_session_hours_mark',
    ]);
    expect(res!.json().year).toBe(YEAR);
  });

  it('answers a malformed year with 400 without reading the year', async () => {
    const m = await makeMember(t);
    for (const query of ['?year=1999', '?year=2024.5', '?year=abc']) {
      let res: Awaited<ReturnType<typeof get>> | undefined;
      expect(await statementsOf(t, async () => (res = await get(m.cookie, query)))).toEqual([
        'cpe_load_session',
      ]);
      expect(res!.statusCode).toBe(400);
      expect(res!.json().message).toContain('年份格式不正确');
    }
  });

  it('refuses staff with 403 and reads no member year for them', async () => {
    const staff = await makeStaff(t);
    let res: Awaited<ReturnType<typeof get>> | undefined;
    expect(await statementsOf(t, async () => (res = await get(staff.cookie)))).toEqual([
      'cpe_session_hours_state',
    ]);
    expect(res!.statusCode).toBe(403);
  });

  it('answers an idle, expired or disabled session with 401 and no hours, and ends it', async () => {
    const expect401 = async (cookie: string) => expectUnauthenticated(await get(cookie));
    const sessionCount = (id: number) => sessionsOf(t, 'member', id);

    const expired = await makeMember(t);
    await expireSessionsOf(t, 'member', expired.id);
    await expect401(expired.cookie);
    expect(await sessionCount(expired.id)).toBe(0);

    const disabled = await makeMember(t);
    await t.deps.db.execute(sql`UPDATE members SET disabled = true WHERE id = ${disabled.id}`);
    await expect401(disabled.cookie);
    expect(await sessionCount(disabled.id)).toBe(0);

    const idle = await makeMember(t);
    expect((await get(idle.cookie)).statusCode).toBe(200);
    t.clock.advance((t.deps.config.MEMBER_IDLE_MINUTES + 1) * 60_000);
    await expect401(idle.cookie);
    expect(await sessionCount(idle.id)).toBe(0);
    await expect401(idle.cookie);
  });
});
