import { Writable } from 'node:stream';
import { maskMobile } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, cookieOf, DEMO_PASSWORD, login, type TestApp } from '../../../test/app.ts';
import { FIXTURE_PASSWORD, makeMember } from '../../../test/fixtures.ts';
import { insertChallenge } from '../auth/captcha.repository.ts';
import { captchaDigest } from '../auth/captcha.service.ts';
import { RECOVERY_LIMITS } from './recovery.service.ts';

const NEW_PASSWORD = 'Xin#Mima2024ok';
const MINUTE = 60_000;

let t: TestApp;
afterEach(async () => {
  await t?.close();
  t = undefined as unknown as TestApp;
});

async function member(app: TestApp, options: { login?: boolean } = {}) {
  const m = await makeMember(app, options);
  const { rows } = await app.deps.db.execute<{ mobile: string }>(
    sql`SELECT mobile FROM members WHERE id = ${m.id}`,
  );
  return { ...m, mobile: rows[0]!.mobile };
}

const start = (app: TestApp, username: string, userType = 'practicing', ip = '10.0.0.1') =>
  app.app.inject({
    method: 'POST',
    url: '/api/auth/recovery/start',
    payload: { userType, username, captcha: '' },
    remoteAddress: ip,
  });

const sendSms = (app: TestApp, recoveryId: string, ip = '10.0.0.1') =>
  app.app.inject({ method: 'POST', url: `/api/auth/recovery/${recoveryId}/sms`, remoteAddress: ip });

const reset = (app: TestApp, recoveryId: string, code: string, newPassword = NEW_PASSWORD) =>
  app.app.inject({
    method: 'POST',
    url: `/api/auth/recovery/${recoveryId}/reset`,
    payload: { code, newPassword },
  });

/** The newest message queued for `phone`, as the dev outbox holds it. */
async function lastSms(app: TestApp, phone: string) {
  const { rows } = await app.deps.db.execute<{ body: string; purpose: string }>(
    sql`SELECT body, purpose FROM sms_outbox WHERE phone = ${phone} ORDER BY id DESC LIMIT 1`,
  );
  return rows[0];
}
const codeIn = (body: string | undefined) => /验证码 (\d{6})/.exec(body ?? '')?.[1] ?? '';

async function startAndSend(app: TestApp, username: string, phone: string) {
  const started = await start(app, username);
  expect(started.statusCode, started.body).toBe(200);
  const { recoveryId } = started.json();
  const sent = await sendSms(app, recoveryId);
  expect(sent.statusCode, sent.body).toBe(200);
  return { recoveryId, code: codeIn((await lastSms(app, phone))?.body) };
}

describe('忘记密码 flow', { timeout: 120_000 }, () => {
  it('shows only the masked phone, resets with the SMS code, ends every session, notifies, and does not log in', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const started = await start(t, m.username);
    expect(started.statusCode).toBe(200);
    expect(Object.keys(started.json()).sort()).toEqual(['maskedPhone', 'recoveryId']);
    expect(started.json().maskedPhone).toBe(`${m.mobile.slice(0, 3)}****${m.mobile.slice(-4)}`);

    const sent = await sendSms(t, started.json().recoveryId);
    expect(sent.json()).toEqual({ maskedPhone: started.json().maskedPhone, validSeconds: 600 });
    const code = codeIn((await lastSms(t, m.mobile))?.body);
    expect(code).toMatch(/^\d{6}$/);
    // only a hash of the code is stored
    const { rows } = await t.deps.db.execute<{ code_hash: string }>(
      sql`SELECT code_hash FROM recovery_requests WHERE id = ${started.json().recoveryId}`,
    );
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.code_hash).not.toContain(code);

    const other = await login(t.app, m.username, 'practicing', FIXTURE_PASSWORD);
    const done = await reset(t, started.json().recoveryId, code);
    expect(done.statusCode, done.body).toBe(204);
    expect(cookieOf(done)).toBeUndefined(); // no automatic login
    for (const cookie of [m.cookie, other.cookie]) {
      expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    }
    expect((await lastSms(t, m.mobile))?.purpose).toBe('password_reset');
    await expect(login(t.app, m.username, 'practicing', FIXTURE_PASSWORD)).rejects.toThrow(/401/);
    await login(t.app, m.username, 'practicing', NEW_PASSWORD);
  });

  it('uses a code once only', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const { recoveryId, code } = await startAndSend(t, m.username, m.mobile);
    expect((await reset(t, recoveryId, code)).statusCode).toBe(204);
    const again = await reset(t, recoveryId, code, 'Andere#Mima2024');
    expect(again.statusCode).toBe(404);
  });

  it('binds a code to the request that made it', async () => {
    t = await buildTestApp();
    const a = await member(t);
    const b = await member(t);
    const ra = await startAndSend(t, a.username, a.mobile);
    const rb = await startAndSend(t, b.username, b.mobile);
    if (ra.code !== rb.code) {
      const cross = await reset(t, rb.recoveryId, ra.code);
      expect(cross.statusCode).toBe(400);
      expect(cross.json().code).toBe('SMS_CODE_INVALID');
    }
    // a new code for the same request replaces the old one
    t.clock.advance(2 * MINUTE);
    const oldCode = ra.code;
    expect((await sendSms(t, ra.recoveryId)).statusCode).toBe(200);
    const newCode = codeIn((await lastSms(t, a.mobile))?.body);
    if (newCode !== oldCode) expect((await reset(t, ra.recoveryId, oldCode)).statusCode).toBe(400);
    expect((await reset(t, ra.recoveryId, newCode)).statusCode).toBe(204);
  });

  it('kills a code after 5 wrong entries', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const { recoveryId, code } = await startAndSend(t, m.username, m.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= RECOVERY_LIMITS.wrongEntriesKillCode; i++) {
      const res = await reset(t, recoveryId, wrong);
      expect(res.json().code).toBe('SMS_CODE_INVALID');
    }
    const right = await reset(t, recoveryId, code);
    expect(right.statusCode).toBe(400);
    expect(right.json().message).toMatch(/失效/);
  });

  it('lets a code live 10 minutes', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const first = await startAndSend(t, m.username, m.mobile);
    t.clock.advance(10 * MINUTE);
    const late = await reset(t, first.recoveryId, first.code);
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toMatch(/过期/);

    const second = await startAndSend(t, m.username, m.mobile);
    t.clock.advance(10 * MINUTE - 1000);
    expect((await reset(t, second.recoveryId, second.code)).statusCode).toBe(204);
  });

  it('ends a recovery request after 30 minutes', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const started = await start(t, m.username);
    t.clock.advance(30 * MINUTE);
    expect((await sendSms(t, started.json().recoveryId)).statusCode).toBe(404);
  });

  it('refuses a weak new password before using the code', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const { recoveryId, code } = await startAndSend(t, m.username, m.mobile);
    const weak = await reset(t, recoveryId, code, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('VALIDATION_FAILED');
    expect((await reset(t, recoveryId, code)).statusCode).toBe(204);
  });

  it('answers an unknown user name or a wrong user type without a phone', async () => {
    t = await buildTestApp();
    const m = await member(t);
    for (const res of [await start(t, '319999999999'), await start(t, m.username, 'non_practicing')]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toMatch(/\d{3}\*{4}\d{4}/);
    }
  });

  it('needs a captcha when captchas are enabled', async () => {
    t = await buildTestApp({ CAPTCHA_ENABLED: true });
    const m = await member(t, { login: false });
    expect((await start(t, m.username)).json().code).toBe('CAPTCHA_INVALID');
    await insertChallenge(
      t.deps.db,
      {
        id: 'known',
        answerHash: captchaDigest('known', 'AB12'),
        expiresAt: new Date(t.clock.now().getTime() + MINUTE),
      },
      t.clock.now(),
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/recovery/start',
      payload: { userType: 'practicing', username: m.username, captcha: 'ab12' },
      cookies: { cpe_captcha: 'known' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('sending limits (per phone 1/minute, 5/hour, 10/day; per client address)', {
  timeout: 120_000,
}, () => {
  it('allows 1 code a minute per phone', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const { recoveryId } = (await start(t, m.username)).json();
    expect((await sendSms(t, recoveryId)).statusCode).toBe(200);
    const second = await sendSms(t, recoveryId);
    expect(second.statusCode).toBe(429);
    expect(second.json().code).toBe('RATE_LIMITED');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    // another request for the same phone is limited too
    const other = (await start(t, m.username)).json();
    expect((await sendSms(t, other.recoveryId)).statusCode).toBe(429);
    t.clock.advance(2 * MINUTE);
    expect((await sendSms(t, recoveryId)).statusCode).toBe(200);
  });

  it('allows 5 codes an hour and 10 a day per phone', async () => {
    t = await buildTestApp({}, new Date('2024-03-15T00:00:00Z'));
    const m = await member(t);
    const sendsAllowed = async (tries: number) => {
      let ok = 0;
      for (let i = 0; i < tries; i++) {
        const { recoveryId } = (await start(t, m.username)).json();
        const res = await sendSms(t, recoveryId);
        if (res.statusCode === 200) ok++;
        else expect(res.json().code).toBe('RATE_LIMITED');
        t.clock.advance(2 * MINUTE);
      }
      return ok;
    };
    expect(await sendsAllowed(7)).toBe(5); // 14 minutes: the hour allows 5
    t.clock.set(new Date('2024-03-15T02:00:00Z'));
    expect(await sendsAllowed(7)).toBe(5); // the next hours allow 5 more: 10 today
    t.clock.set(new Date('2024-03-15T04:00:00Z'));
    expect(await sendsAllowed(3)).toBe(0); // the day's 10 are used
    t.clock.set(new Date('2024-03-17T00:00:00Z'));
    expect(await sendsAllowed(1)).toBe(1);
  });

  it('limits codes per client address across phones', async () => {
    t = await buildTestApp({ RECOVERY_SMS_PER_IP_HOUR: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await member(t);
      const { recoveryId } = (await start(t, m.username)).json();
      statuses.push((await sendSms(t, recoveryId, '10.9.9.9')).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('limits recovery starts per client address', async () => {
    t = await buildTestApp({ RECOVERY_START_PER_IP_MINUTE: 2 });
    const m = await member(t);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await start(t, m.username, 'practicing', '10.7.7.7')).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('holds the per-phone limit under concurrent sends', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await start(t, m.username)).json().recoveryId);
    const results = await Promise.all(ids.map((id) => sendSms(t, id)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(5);
    const { rows } = await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sms_outbox WHERE phone = ${m.mobile}`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

describe('what leaves the server', { timeout: 120_000 }, () => {
  it('never shows the middle digits of the phone in answers or the audit log', async () => {
    t = await buildTestApp();
    const m = await member(t);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^1[3-9]\d{9}$/), async (phone) => {
        await t.deps.db.execute(sql`UPDATE members SET mobile = ${phone} WHERE id = ${m.id}`);
        t.clock.advance(25 * 3600_000); // past every per-phone limit
        const started = await start(t, m.username);
        const sent = await sendSms(t, started.json().recoveryId);
        const { rows } = await t.deps.db.execute<{ detail: unknown; target: string | null }>(
          sql`SELECT detail, target FROM audit_log`,
        );
        const middle = phone.slice(3, 7);
        for (const text of [started.body, sent.body, JSON.stringify(rows)]) {
          expect(text).not.toContain(phone);
        }
        for (const text of [started.json().maskedPhone, sent.json().maskedPhone, maskMobile(phone)]) {
          expect(text).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
          expect(text.slice(3, 7)).not.toBe(middle);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('never writes a code to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await buildTestApp({}, undefined, { logger: { level: 'trace', stream } });
    const m = await member(t);
    const { recoveryId, code } = await startAndSend(t, m.username, m.mobile);
    await reset(t, recoveryId, code === '000000' ? '111111' : '000000');
    expect((await reset(t, recoveryId, code)).statusCode).toBe(204);
    const { dispatchSms } = await import('../sms/sms-dispatch.ts');
    const { devSmsProvider } = await import('../sms/sms-provider.ts');
    await dispatchSms(t.deps, devSmsProvider);
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(code);
    expect(log).not.toContain(NEW_PASSWORD);
  });
});

describe('account security of a signed-in member', { timeout: 120_000 }, () => {
  const changePassword = (cookie: string, currentPassword: string, newPassword = NEW_PASSWORD) =>
    t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie },
      payload: { currentPassword, newPassword },
    });

  it('changes the password with the current one and ends the other sessions', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const other = await login(t.app, m.username, 'practicing', FIXTURE_PASSWORD);
    const wrong = await changePassword(m.cookie, 'not-the-password');
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await changePassword(m.cookie, FIXTURE_PASSWORD)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: m.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);
    expect((await lastSms(t, m.mobile))?.purpose).toBe('password_changed');
    await login(t.app, m.username, 'practicing', NEW_PASSWORD);
  });

  it('limits current-password guesses', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await changePassword(m.cookie, 'guess')).json().code);
    expect(codes.slice(0, 5).every((c) => c === 'CURRENT_PASSWORD_WRONG')).toBe(true);
    expect(codes[5]).toBe('RATE_LIMITED');
  });

  it('changes the phone after re-authentication and a code sent to the new phone', async () => {
    t = await buildTestApp();
    const m = await member(t);
    const newPhone = '13700001111';
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: { cookie: m.cookie },
      payload: { currentPassword: 'nope', newPhone },
    });
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG');
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: { cookie: m.cookie },
      payload: { currentPassword: FIXTURE_PASSWORD, newPhone },
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().maskedPhone).toBe('137****1111');
    const code = codeIn((await lastSms(t, newPhone))?.body);
    // another member cannot use this request
    const intruder = await member(t);
    const stolen = await t.app.inject({
      method: 'POST',
      url: '/api/me/phone/confirm',
      headers: { cookie: intruder.cookie },
      payload: { recoveryId: started.json().recoveryId, code },
    });
    expect(stolen.statusCode).toBe(404);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/me/phone/confirm',
      headers: { cookie: m.cookie },
      payload: { recoveryId: started.json().recoveryId, code },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: m.cookie } });
    expect(me.json().mobile).toBe('137****1111');
    expect((await lastSms(t, m.mobile))?.purpose).toBe('phone_changed');
  });

  it('is for members only', async () => {
    t = await buildTestApp();
    const staff = await login(t.app, 'national-admin', 'staff', DEMO_PASSWORD);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie: staff.cookie },
      payload: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.statusCode).toBe(403);
  });
});
