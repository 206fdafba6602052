import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../test/app.ts';
import { registerAccessControl } from './access.ts';

let t: TestApp;
let member: string;
let staff: string;
beforeAll(async () => {
  t = await buildTestApp();
  member = (await login(t.app, '310000012345')).cookie;
  staff = (await login(t.app, 'national-admin', 'staff')).cookie;
});
afterAll(() => t.close());

const apiRoutes = () => t.app.routeTable.filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD');
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, '1');

describe('access control (AC-1)', () => {
  it('every API route declares who may call it', () => {
    expect(apiRoutes().length).toBeGreaterThan(3);
    for (const r of apiRoutes()) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('refuses to start with a route that declares no access rule', async () => {
    const app = Fastify();
    registerAccessControl(app, { resolve: async () => null } as never);
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('answers 401 without a session on every non-public route', async () => {
    for (const r of apiRoutes().filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({ method: r.method as 'GET', url: fill(r.url) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to members on staff-only routes', async () => {
    const staffRoutes = apiRoutes().filter((r) => typeof r.access === 'object');
    for (const r of staffRoutes) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: fill(r.url),
        headers: { cookie: member },
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });
});

describe('input validation (VAL-1)', () => {
  it('random bodies to every route give 4xx with a Chinese message, never 5xx', async () => {
    const routes = apiRoutes().filter(
      (r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(member, staff, ''),
        fc.oneof(fc.jsonValue(), fc.object(), fc.string()),
        async (route, cookie, body) => {
          const res = await t.app.inject({
            method: route.method as 'POST',
            url: fill(route.url),
            headers: { cookie, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, `${route.method} ${route.url} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const res = await t.app.inject({ url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '请求的地址不存在' });
  });
});

describe('health and API document', () => {
  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: t.deps.database.kind });
  });

  it('publishes the OpenAPI document with the auth routes', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/login', '/api/auth/logout', '/api/me', '/api/auth/captcha']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
