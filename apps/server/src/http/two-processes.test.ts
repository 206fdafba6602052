import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../test/app.ts';
import { clonePostgresTemplate } from '../../test/database.ts';
import { type Started, startServer } from '../../test/process.ts';
import { testConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { seedDemo } from '../seed/index.ts';
import { seedReference } from '../seed/reference.ts';

// The production layout (issue 7 item 4): several server processes on one PostgreSQL. Sessions and the
// login limit live in the database, so they hold across processes, whatever X-Forwarded-For a client sends.
const LIMIT = 6;
const onPostgres = !!process.env.TEST_DATABASE_URL;
if (!onPostgres) console.log('two-process test not run: it needs PostgreSQL (set TEST_DATABASE_URL)');

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/** A server process on the database, with the login limit of this test and nothing from the caller's env. */
const serverOn = (databaseUrl: string) =>
  startServer(['--import', 'tsx', main], {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    CAPTCHA_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    LOGIN_RATE_LIMIT: String(LIMIT),
    // Empty means unset to the config: a proxy, origin or Redis of the caller's shell must not leak in.
    DEMO: '',
    TRUST_PROXY: '',
    PUBLIC_ORIGIN: '',
    REDIS_URL: '',
    STATIC_DIR: '',
  });

const loginRequest = (url: string, forwardedFor?: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ userType: 'practicing', username: '310000012345', password: DEMO_PASSWORD }),
  });

describe.skipIf(!onPostgres)('two server processes on one PostgreSQL database', () => {
  let clone: Awaited<ReturnType<typeof clonePostgresTemplate>>;
  let a: Started | undefined;
  let b: Started | undefined;
  let cookie = '';

  beforeAll(async () => {
    clone = await clonePostgresTemplate('cpe_two');
    const database = await openDatabase({ databaseUrl: clone.url, poolSize: 1 });
    const config = testConfig();
    await seedReference(database.db, config);
    await seedDemo(database.db, config);
    await database.close();
    a = await serverOn(clone.url);
    b = await serverOn(clone.url);
    const res = await loginRequest(a.url);
    expect(res.status).toBe(200);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('cpe_session='));
    cookie = session?.split(';')[0] ?? '';
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await clone?.drop();
  }, 60_000);

  it('a session made on one process works on the other, and logging out on it ends it on both', async () => {
    const me = await fetch(`${b!.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('310000012345');
    const out = await fetch(`${b!.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await fetch(`${a!.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('the login limit counts across both processes, and forged X-Forwarded-For does not reset it', async () => {
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await loginRequest(i % 2 ? a!.url : b!.url, `203.0.113.${i + 1}`);
      codes.push(res.status);
    }
    // The login in beforeAll counted too: at most LIMIT - 1 more pass, however the requests are spread.
    expect(codes.filter((c) => c !== 429).length).toBeLessThanOrEqual(LIMIT - 1);
    expect(codes.slice(-2)).toEqual([429, 429]);
  });
});
