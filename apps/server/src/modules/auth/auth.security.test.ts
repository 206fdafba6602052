import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_PASSWORD, login, type TestApp } from '../../../test/app.ts';
import { buildApp } from '../../app.ts';
import { members } from '../../db/schema/index.ts';
import { hashPassword } from './password.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('password hashes (AUTH-1)', () => {
  it('are argon2id at or above the ASVS floor', async () => {
    const [m] = await t.deps.db.select().from(members).where(eq(members.username, '310000012345'));
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/.exec(m!.passwordHash ?? '');
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
  });

  it('re-hashes an old hash with the configured parameters at login', async () => {
    const old = await hashPassword(DEMO_PASSWORD, { memoryCost: 19_456, timeCost: 3 });
    await t.deps.db.update(members).set({ passwordHash: old }).where(eq(members.username, '110000054321'));
    await login(t.app, '110000054321');
    const [m] = await t.deps.db.select().from(members).where(eq(members.username, '110000054321'));
    expect(m!.passwordHash).not.toBe(old);
    expect(m!.passwordHash).toMatch(/\$m=19456,t=2,p=1\$/);
    await login(t.app, '110000054321'); // the new hash verifies
  });
});

describe('logs (PI-2)', () => {
  it('never contain passwords, session tokens, full phone or ID numbers', async () => {
    let logged = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    const app = await buildApp(t.deps, { logger: { level: 'trace', stream } });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { userType: 'practicing', username: '310000012345', password: DEMO_PASSWORD, captcha: '' },
    });
    const token = res.cookies.find((c) => c.name === 'cpe_session')!.value;
    await app.inject({ url: '/api/me', headers: { cookie: `cpe_session=${token}` } });
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { userType: 'practicing', username: '310000012345', password: 'Wrong#pass1', captcha: '' },
    });
    await app.close();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [DEMO_PASSWORD, 'Wrong#pass1', token, '13812348628', '310101198503151']) {
      expect(logged).not.toContain(secret);
    }
  });
});
