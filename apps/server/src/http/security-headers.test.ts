import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { securityHeaderOptions, securityHeaders } from './security-headers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The headers helmet's own middleware puts on a real Node response for the same options. */
async function helmetOnARealResponse(): Promise<IncomingHttpHeaders> {
  const middleware = helmet(securityHeaderOptions);
  const server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    return Object.fromEntries(res.headers);
  } finally {
    server.close();
  }
}

describe('security headers', () => {
  it('are exactly the headers helmet sets, worked out once', async () => {
    const expected = await helmetOnARealResponse();
    const computed = securityHeaders(securityHeaderOptions);
    expect(Object.keys(computed).length).toBeGreaterThanOrEqual(10);
    for (const [name, value] of Object.entries(computed)) expect(expected[name], name).toBe(value);
    expect(computed['content-security-policy']).toContain("default-src 'self'");
    expect(computed['content-security-policy']).toContain("media-src 'self' blob:");
    expect(computed['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(computed['x-powered-by']).toBeUndefined();
  });

  it('are on every answer: a route, a refusal and an unknown address', async () => {
    const computed = securityHeaders(securityHeaderOptions);
    const answers = await Promise.all([
      t.app.inject({ url: '/api/health' }),
      t.app.inject({ url: '/api/me' }),
      t.app.inject({ url: '/api/no-such-route' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404]);
    for (const res of answers) {
      for (const [name, value] of Object.entries(computed)) expect(res.headers[name], name).toBe(value);
    }
  });

  it('refuses options helmet refuses, at start-up', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'; script-src *"] } } }),
    ).toThrow();
  });
});
