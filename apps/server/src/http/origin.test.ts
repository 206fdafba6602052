import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../test/app.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerOriginCheck } from './origin.ts';

// Issue 15 item 4: state-changing requests from other sites' pages are refused.
let t: TestApp;
let pinned: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  pinned = await buildTestApp({ PUBLIC_ORIGIN: 'https://cpe.example.org' });
});
afterAll(async () => {
  await t.close();
  await pinned.close();
});

const logout = (app: TestApp['app'], cookie: string, headers: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, host: 'cpe.test', ...headers } });

describe('origin check', () => {
  it('refuses a cross-origin POST with 403 ORIGIN_FORBIDDEN and leaves the session alone', async () => {
    const { cookie } = await login(t.app, '310000012345');
    const res = await logout(t.app, cookie, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ code: 'ORIGIN_FORBIDDEN', message: '请求来源不是本站页面，已拒绝' });
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('uses the Referer when there is no Origin, and refuses an opaque origin', async () => {
    const { cookie } = await login(t.app, '310000012345');
    expect((await logout(t.app, cookie, { referer: 'https://evil.example/page' })).statusCode).toBe(403);
    expect((await logout(t.app, cookie, { origin: 'null' })).statusCode).toBe(403);
    expect((await logout(t.app, cookie, { referer: 'http://cpe.test/member' })).statusCode).toBe(204);
  });

  it('lets same-origin requests and requests with neither header through to authentication', async () => {
    const a = await login(t.app, '310000012345');
    expect((await logout(t.app, a.cookie, { origin: 'http://cpe.test' })).statusCode).toBe(204);
    const b = await login(t.app, '310000012345');
    expect((await logout(t.app, b.cookie, {})).statusCode).toBe(204);
    expect((await logout(t.app, 'cpe_session=nothing', {})).statusCode).toBe(401);
    // Reading is not checked.
    const read = await t.app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('allows only PUBLIC_ORIGIN when it is set', async () => {
    const { cookie } = await login(pinned.app, '310000012345');
    expect((await logout(pinned.app, cookie, { origin: 'http://cpe.test' })).statusCode).toBe(403);
    expect((await logout(pinned.app, cookie, { origin: 'https://cpe.example.org' })).statusCode).toBe(204);
  });

  it('skips routes that declare themselves exempt', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    registerOriginCheck(app, 'https://cpe.example.org');
    app.post('/callback', { config: { originExempt: true } }, async () => ({ ok: true }));
    app.post('/other', async () => ({ ok: true }));
    const headers = { origin: 'https://pay.example' };
    expect((await app.inject({ method: 'POST', url: '/callback', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/other', headers })).statusCode).toBe(403);
    await app.close();
  });
});
