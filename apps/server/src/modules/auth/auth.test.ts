import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cookieOf, DEMO_PASSWORD, login, type TestApp } from '../../../test/app.ts';
import { makeStaff } from '../../../test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const loginBody = (username: string, password: string, userType = 'practicing') => ({
  method: 'POST' as const,
  url: '/api/auth/login',
  payload: { userType, username, password, captcha: '' },
});

describe('login', () => {
  it('logs a practicing member in with an HttpOnly session cookie and masks phone and ID', async () => {
    const res = await t.app.inject(loginBody('310000012345', DEMO_PASSWORD));
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cpe_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    const me = res.json();
    expect(me).toMatchObject({
      userType: 'practicing',
      name: '张明',
      province: { code: '31', name: '上海' },
    });
    expect(me.mobile).toBe('138****8628');
    expect(me.idNumber).toMatch(/^310\*{11}\d{3}[\dX]$/);
  });

  it('answers GET /api/me with role and scope for staff', async () => {
    const { cookie } = await login(t.app, 'snai-admin', 'staff');
    const res = await t.app.inject({ url: '/api/me', headers: { cookie } });
    expect(res.json()).toMatchObject({
      userType: 'staff',
      role: 'institute_admin',
      institute: { name: '上海国家会计学院' },
    });
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const unknown = await t.app.inject(loginBody('319999999999', 'whatever-1'));
    const wrong = await t.app.inject(loginBody('110000054321', 'wrong-password'));
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('refuses a member logging in as the other member type', async () => {
    const res = await t.app.inject(loginBody('N310000000001', DEMO_PASSWORD, 'practicing'));
    expect(res.statusCode).toBe(401);
  });

  it('never answers 5xx to malformed bodies', async () => {
    const bodies = [
      {},
      { userType: 'admin', username: 'x', password: 'y' },
      { userType: 'practicing', username: '', password: '' },
      { userType: 'practicing', username: 'a'.repeat(500), password: 'b' },
      'not json',
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('sessions (AUTH-4)', () => {
  it('ends a member session after 30 idle minutes', async () => {
    const { cookie } = await login(t.app, '110000054321');
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await t.app.inject({ url: '/api/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('ends a staff session after 15 idle minutes but keeps it while active', async () => {
    const { cookie } = await login(t.app, 'national-admin', 'staff');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10 * 60_000);
      expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    }
    t.clock.advance(16 * 60_000);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends every session after 12 hours however active', async () => {
    const { cookie } = await login(t.app, 'sysadmin', 'staff');
    for (let i = 0; i < 48; i++) t.clock.advance(14 * 60_000);
    // 11.2 h of activity would be fine; make the requests, then pass 12 h.
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('logout ends the session on the server', async () => {
    const { cookie } = await login(t.app, '310000012345');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('disabling an account ends its sessions at once', async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '11' });
    await t.deps.db.execute(sql`UPDATE staff SET disabled = true WHERE id = ${reviewer.id}`);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: reviewer.cookie } })).statusCode).toBe(
      401,
    );
    const again = await t.app.inject(loginBody(reviewer.username, DEMO_PASSWORD, 'staff'));
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('issues a new token at each login', async () => {
    const a = await login(t.app, '310000012345');
    const b = await login(t.app, '310000012345');
    expect(a.cookie).not.toBe(b.cookie);
  });
});

describe('captcha (AUTH-3)', () => {
  it('is required when enabled and is single use', async () => {
    const c = await buildTestApp({ CAPTCHA_ENABLED: true });
    try {
      const img = await c.app.inject({ url: '/api/auth/captcha' });
      expect(img.json().enabled).toBe(true);
      expect(img.json().image).toMatch(/^data:image\/png;base64,/);
      const captchaId = cookieOf(img, 'cpe_captcha');
      const res = await c.app.inject({
        ...loginBody('310000012345', DEMO_PASSWORD),
        payload: {
          userType: 'practicing',
          username: '310000012345',
          password: DEMO_PASSWORD,
          captcha: '0000',
        },
        cookies: { cpe_captcha: captchaId! },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('CAPTCHA_INVALID');
    } finally {
      await c.close();
    }
  });
});
