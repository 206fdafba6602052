import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cookieOf, DEMO_PASSWORD, login, type TestApp } from '../../../test/app.ts';
import { unlockStaffName } from '../../cli/staff-unlock.ts';
import { authService } from './auth.service.ts';
import { insertChallenge } from './captcha.repository.ts';
import { captchaDigest, captchaService } from './captcha.service.ts';

// Failures per user name (issue 15 item 3): unknown names answer like real ones, members are slowed
// rather than shut out, staff names lock until the system admin unlocks them.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ LOCKOUT_ATTEMPTS: 3, LOGIN_SLOW_SECONDS: 5 });
});
afterAll(() => t.close());

type UserType = 'practicing' | 'non_practicing' | 'staff';

/** A captcha challenge whose answer the test knows (the image itself is for people). */
async function solvedCaptcha(): Promise<{ cookies: { cpe_captcha: string }; answer: string }> {
  const id = randomBytes(16).toString('base64url');
  const answer = '2345';
  const now = t.clock.now();
  await insertChallenge(
    t.deps.db,
    { id, answerHash: captchaDigest(id, answer), expiresAt: new Date(now.getTime() + 60_000) },
    now,
  );
  return { cookies: { cpe_captcha: id }, answer };
}

async function attempt(userType: UserType, username: string, password: string, withCaptcha = false) {
  const captcha = withCaptcha ? await solvedCaptcha() : null;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { userType, username, password, captcha: captcha?.answer ?? '' },
    ...(captcha ? { cookies: captcha.cookies } : {}),
  });
  return { status: res.statusCode, body: res.json() as { code: string; message: string }, res };
}

const answer = (r: { status: number; body: unknown }) => ({ status: r.status, body: r.body });

/** A member of the seed with a fresh name, so tests never share failure counts. */
async function freshMember(): Promise<string> {
  const username = `3100${randomBytes(4).readUInt32BE() % 100_000_000}`.padEnd(12, '7');
  await t.deps.db.execute(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id, registered_on, password_hash)
    SELECT 'practicing', ${username}, '测试', id_number, mobile, province_code, firm_id, registered_on, password_hash
      FROM members WHERE username = '310000012345'`);
  return username;
}

async function freshStaff(): Promise<string> {
  const username = `staff-${randomBytes(4).toString('hex')}`;
  await t.deps.db.execute(sql`
    INSERT INTO staff (username, name, role, province_code, password_hash)
    SELECT ${username}, '测试人员', 'provincial_reviewer', '31', password_hash FROM staff WHERE username = 'sh-reviewer'`);
  return username;
}

describe('member names past the threshold', () => {
  it('answer exactly like unknown names, every step of the way', async () => {
    const real = await freshMember();
    const unknown = `${real.slice(0, -1)}0`.replace(/^3100/, '3199');
    for (let i = 0; i < 3; i++) {
      const a = await attempt('practicing', real, 'Wrong#pass1');
      const b = await attempt('practicing', unknown, 'Wrong#pass1');
      expect(answer(a)).toEqual(answer(b));
      expect(a.body.code).toBe('INVALID_CREDENTIALS');
    }
    const a = await attempt('practicing', real, DEMO_PASSWORD);
    const b = await attempt('practicing', unknown, DEMO_PASSWORD);
    expect(answer(a)).toEqual(answer(b));
    expect(a.status).toBe(401);
    expect(a.body).toEqual({
      code: 'CAPTCHA_REQUIRED',
      message: '登录失败次数较多，请输入图片验证码后再登录',
    });
  });

  it('need a fresh captcha and a pause per try, and the right password still gets in (no lockout)', async () => {
    const name = await freshMember();
    for (let i = 0; i < 3; i++) await attempt('practicing', name, 'Wrong#pass1');
    expect((await attempt('practicing', name, DEMO_PASSWORD)).body.code).toBe('CAPTCHA_REQUIRED');

    expect((await attempt('practicing', name, 'Wrong#pass2', true)).body.code).toBe('INVALID_CREDENTIALS');
    // Right away again: slowed down, even with a good captcha.
    const soon = await attempt('practicing', name, DEMO_PASSWORD, true);
    expect(soon.status).toBe(429);
    expect(soon.body.code).toBe('RATE_LIMITED');

    t.clock.advance(5_000);
    expect((await attempt('practicing', name, DEMO_PASSWORD, true)).status).toBe(200);
    // A success resets the count: no captcha needed any more.
    expect((await attempt('practicing', name, DEMO_PASSWORD)).status).toBe(200);
  });

  it('count both member kinds and any letter case under one name', async () => {
    const name = await freshMember();
    await attempt('practicing', name, 'Wrong#pass1');
    await attempt('non_practicing', name, 'Wrong#pass1');
    await attempt('practicing', ` ${name.toLowerCase()} `, 'Wrong#pass1');
    expect((await attempt('practicing', name, DEMO_PASSWORD)).body.code).toBe('CAPTCHA_REQUIRED');
  });

  it('are cleared by the hook password recovery will call', async () => {
    const name = await freshMember();
    for (let i = 0; i < 3; i++) await attempt('practicing', name, 'Wrong#pass1');
    await authService(t.deps, captchaService(t.deps)).clearMemberFailures(name);
    expect((await attempt('practicing', name, DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('staff names past the threshold', () => {
  it('lock, for real and unknown names alike, also under 30 concurrent guesses', async () => {
    const real = await freshStaff();
    const unknown = `${real}-x`;
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt('staff', i % 2 ? real : unknown, 'Wrong#pass1')),
    );
    expect(guesses.every((g) => g.status === 401 || g.status === 423)).toBe(true);
    const a = await attempt('staff', real, DEMO_PASSWORD);
    const b = await attempt('staff', unknown, DEMO_PASSWORD);
    expect(answer(a)).toEqual(answer(b));
    expect(a.status).toBe(423);
    expect(a.body.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(24 * 3600_000); // a hard lock does not wear off
    expect((await attempt('staff', real, DEMO_PASSWORD)).status).toBe(423);
  });

  it('are unlocked by the system admin through the API, audited', async () => {
    const name = await freshStaff();
    for (let i = 0; i < 3; i++) await attempt('staff', name, 'Wrong#pass1');
    expect((await attempt('staff', name, DEMO_PASSWORD)).status).toBe(423);

    const reviewer = await login(t.app, 'sh-reviewer', 'staff');
    const url = `/api/admin/staff/${name}/unlock`;
    expect((await t.app.inject({ method: 'POST', url, headers: reviewer })).statusCode).toBe(403);

    const admin = await login(t.app, 'sysadmin', 'staff');
    expect((await t.app.inject({ method: 'POST', url, headers: admin })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url, headers: admin })).json().code).toBe('NOT_FOUND');
    expect((await attempt('staff', name, DEMO_PASSWORD)).status).toBe(200);
    const audit = await t.deps.db.execute<{ actor_name: string }>(
      sql`SELECT actor_name FROM audit_log WHERE action = 'staff_unlock' AND target = ${name} AND result = 'success'`,
    );
    expect(audit.rows.map((r) => r.actor_name)).toEqual(['系统管理员']);
  });

  it('are unlocked with `cpe staff unlock NAME`', async () => {
    const name = await freshStaff();
    for (let i = 0; i < 3; i++) await attempt('staff', name, 'Wrong#pass1');
    expect(await unlockStaffName(t.deps, name.toUpperCase())).toEqual({
      code: 0,
      out: `Unlocked staff user name "${name.toUpperCase()}".`,
    });
    expect((await attempt('staff', name, DEMO_PASSWORD)).status).toBe(200);
    expect((await unlockStaffName(t.deps, name)).code).toBe(1);
    expect((await unlockStaffName(t.deps, undefined)).code).toBe(2);
  });
});

describe('one browser, one session', () => {
  it('logging in as B ends the session of A that the browser still holds', async () => {
    const a = await login(t.app, '110000054321');
    const asB = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: a,
      payload: { userType: 'non_practicing', username: 'N310000000001', password: DEMO_PASSWORD },
    });
    expect(asB.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: a })).statusCode).toBe(401);
    const b = { cookie: `cpe_session=${cookieOf(asB)}` };
    expect((await t.app.inject({ url: '/api/me', headers: b })).json().username).toBe('N310000000001');
  });
});
