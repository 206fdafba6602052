import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { FIXTURE_PASSWORD, makeMember, makeStaff } from '../../../test/fixtures.ts';
import { expectUnauthenticated, expireSessionsOf, sessionsOf, statementsOf } from '../../../test/sessions.ts';

/** `/api/me`: the session and the account's profile in one statement, for members and staff. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ url: '/api/me', headers: { cookie } });

/** Signs in and returns the cookie and the account as the login answer presents it (read on its own). */
async function signIn(username: string, userType: 'practicing' | 'non_practicing' | 'staff') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { userType, username, password: FIXTURE_PASSWORD, captcha: '' },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'cpe_session')!.value;
  return { cookie: `cpe_session=${cookie}`, described: res.json() };
}

describe('/api/me read side', () => {
  it('reads a member session and profile in one statement and answers as the login does', async () => {
    for (const memberType of ['practicing', 'non_practicing'] as const) {
      const m = await makeMember(t, { memberType, login: false });
      const { cookie, described } = await signIn(m.username, memberType);
      let res: Awaited<ReturnType<typeof me>> | undefined;
      expect(await statementsOf(t, async () => (res = await me(cookie)))).toEqual(['cpe_session_me']);
      expect(res!.statusCode).toBe(200);
      expect(res!.json()).toEqual(described);
      expect(res!.json()).toMatchObject({
        id: m.id,
        userType: memberType,
        mobile: expect.stringContaining('****'),
      });
    }
  });

  it('reads a staff session and profile in one statement, with province or institute', async () => {
    for (const options of [
      { role: 'provincial_reviewer', province: '11' },
      { role: 'institute_admin', instituteId: 2 },
      { role: 'national_admin' },
    ] as const) {
      const s = await makeStaff(t, { ...options, login: false });
      const { cookie, described } = await signIn(s.username, 'staff');
      let res: Awaited<ReturnType<typeof me>> | undefined;
      expect(await statementsOf(t, async () => (res = await me(cookie)))).toEqual(['cpe_session_me']);
      expect(res!.statusCode).toBe(200);
      expect(res!.json()).toEqual(described);
      expect(res!.json()).toMatchObject({ id: s.id, userType: 'staff', role: options.role });
    }
  });

  it('answers an idle, expired or disabled session with 401 and no profile, and ends it', async () => {
    const expect401 = async (cookie: string) => expectUnauthenticated(await me(cookie));
    const sessions = (type: 'member' | 'staff', id: number) => sessionsOf(t, type, id);

    const expired = await makeMember(t);
    await expireSessionsOf(t, 'member', expired.id);
    await expect401(expired.cookie);
    expect(await sessions('member', expired.id)).toBe(0);

    const disabledStaff = await makeStaff(t, { role: 'national_admin' });
    await t.deps.db.execute(sql`UPDATE staff SET disabled = true WHERE id = ${disabledStaff.id}`);
    await expect401(disabledStaff.cookie);
    expect(await sessions('staff', disabledStaff.id)).toBe(0);

    const idleStaff = await makeStaff(t, { role: 'national_admin' });
    expect((await me(idleStaff.cookie)).statusCode).toBe(200);
    t.clock.advance((t.deps.config.STAFF_IDLE_MINUTES + 1) * 60_000);
    await expect401(idleStaff.cookie);
    expect(await sessions('staff', idleStaff.id)).toBe(0);
  });
});
