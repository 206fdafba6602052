import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/app.ts';
import { buildApp } from '../../app.ts';

// Issue 7 item 4: the login limit counts every request of an address, in the database all processes
// share, and a client cannot choose its address unless TRUST_PROXY says which proxies may tell it.
const LIMIT = 4;
let t: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ LOGIN_RATE_LIMIT: LIMIT });
  proxied = await buildTestApp({ LOGIN_RATE_LIMIT: LIMIT, TRUST_PROXY: ['127.0.0.1'] });
});
afterAll(async () => {
  await t.close();
  await proxied.close();
});

const post = (app: TestApp['app'], payload: unknown, remoteAddress: string, headers = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, remoteAddress, headers });

describe('login rate limit', () => {
  it('counts every request of an address, invalid bodies too, and answers 429 RATE_LIMITED past it', async () => {
    const ip = '198.51.100.1';
    const bodies = [
      {},
      'not json',
      { userType: 'x' },
      { userType: 'practicing', username: 'a', password: 'b' },
    ];
    for (const body of bodies) expect((await post(t.app, body, ip)).statusCode).not.toBe(429);
    const over = await post(
      t.app,
      { userType: 'practicing', username: '310000012345', password: DEMO_PASSWORD },
      ip,
    );
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected; the window slides on with the clock.
    expect((await post(t.app, {}, '198.51.100.2')).statusCode).toBe(400);
    t.clock.advance(2 * 60_000);
    expect((await post(t.app, {}, ip)).statusCode).toBe(400);
  });

  it('ignores forged X-Forwarded-For when no proxy is trusted', async () => {
    const ip = '198.51.100.3';
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await post(t.app, {}, ip, { 'x-forwarded-for': `203.0.113.${i}` });
      codes.push(res.statusCode);
    }
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
  });

  it('believes X-Forwarded-For from a trusted proxy, and only from it', async () => {
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await post(proxied.app, {}, '127.0.0.1', { 'x-forwarded-for': `203.0.113.${i}` });
      expect(res.statusCode).toBe(400);
    }
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const res = await post(proxied.app, {}, '198.51.100.4', { 'x-forwarded-for': `203.0.113.${100 + i}` });
      codes.push(res.statusCode);
    }
    expect(codes[LIMIT]).toBe(429);
  });

  it('limits the captcha image too, at twice the login rate', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 2 * LIMIT + 1; i++) {
      codes.push(
        (await t.app.inject({ url: '/api/auth/captcha', remoteAddress: '198.51.100.5' })).statusCode,
      );
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(2 * LIMIT);
    expect(codes[2 * LIMIT]).toBe(429);
  });

  it('counts in the database every process shares: two apps on one database share the count', async () => {
    const other = await buildApp(t.deps);
    try {
      const ip = '198.51.100.6';
      const codes: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) codes.push((await post(i % 2 ? other : t.app, {}, ip)).statusCode);
      expect(codes[LIMIT]).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('session cookie', () => {
  const body = { userType: 'practicing', username: '110000054321', password: DEMO_PASSWORD };
  const secure = (res: Awaited<ReturnType<typeof post>>) =>
    res.cookies.find((c) => c.name === 'cpe_session')?.secure === true;

  it('is Secure when a trusted proxy says the browser used HTTPS', async () => {
    const res = await post(proxied.app, body, '127.0.0.1', { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(secure(res)).toBe(true);
    expect(secure(await post(proxied.app, body, '127.0.0.1'))).toBe(false);
  });

  it('is not made Secure by an untrusted client claiming HTTPS, and is always Secure in production', async () => {
    const res = await post(t.app, body, '198.51.100.7', { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(secure(res)).toBe(false);
    const production = await buildApp({ ...t.deps, config: { ...t.deps.config, NODE_ENV: 'production' } });
    try {
      expect(secure(await post(production, body, '198.51.100.8'))).toBe(true);
    } finally {
      await production.close();
    }
  });
});
