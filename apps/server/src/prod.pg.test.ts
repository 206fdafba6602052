import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase } from '../test/database.ts';
import { runToExit, type Started, startServer } from '../test/process.ts';

// The production build, started as an operator would: NODE_ENV=production, a fresh PostgreSQL database,
// no tsx. Built once for this file (esbuild, about a second).
const serverDir = new URL('../', import.meta.url).pathname;
const mainJs = join(serverDir, 'dist/main.js');
const cliJs = join(serverDir, 'dist/cli.js');
const dataDir = mkdtempSync(join(tmpdir(), 'cpe-prod-'));

let database: { url: string; drop: () => Promise<void> };
let server: Started;
const env = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: database.url,
  DATA_DIR: dataDir,
  CAPTCHA_ENABLED: 'false',
  JOBS_ENABLED: 'false',
});
const cli = (args: string[], stdin?: string) => runToExit([cliJs, ...args], env(), stdin);

beforeAll(async () => {
  execFileSync(process.execPath, [join(serverDir, 'build.mjs')], { stdio: 'pipe' });
  database = await createEmptyPostgresDatabase('cpe_prod');
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const loginAs = (username: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userType: 'staff', username, password }),
  });

// One operator's story told in steps (status on an empty database, first start, first admin): the steps
// keep their order when CI shuffles the suite.
describe('the production build on PostgreSQL', { shuffle: false }, () => {
  it('lists every migration as pending on a new database, changing nothing', async () => {
    const r = await cli(['migrate', '--status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pending {2}0001_foundation\.sql/);
    expect(r.stdout).toMatch(/^0 applied, \d+ pending$/m);
  }, 60_000);

  it('migrates on start, serves /api/health, hides /docs, has no demo accounts and warns that the captcha is off', async () => {
    server = await startServer(['--enable-source-maps', mainJs], env());
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'postgres' });
    expect((await fetch(`${server.url}/docs/json`)).status).toBe(404);
    expect((await fetch(`${server.url}/docs`)).status).toBe(404);
    expect((await loginAs('national-admin', 'Demo#2024pass')).status).toBe(401);
    expect(server.output()).toMatch(/CAPTCHA_ENABLED=false/);
    expect(server.output()).toMatch(/API docs off/);
    const status = await cli(['migrate', '--status']);
    expect(status.stdout).toMatch(/^\d+ applied, 0 pending$/m);
  }, 120_000);

  it('lets an operator create the first national admin with the built cpe command, who then logs in', async () => {
    const weak = await cli(
      ['staff', 'create', '--role', 'national_admin', '--username', 'ops-admin', '--password-stdin'],
      'short1!\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toMatch(/^密码太弱：密码至少 12 位/);

    const password = 'Ops#Ledger-2024-pw';
    const made = await cli(
      ['staff', 'create', '--role', 'national_admin', '--username', 'ops-admin', '--password-stdin'],
      `${password}\n`,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Created staff account ops-admin/);

    const res = await loginAs('ops-admin', password);
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('cpe_session='))!;
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ username: 'ops-admin', role: 'national_admin' });

    const disabled = await cli(['staff', 'disable', 'ops-admin']);
    expect(disabled.stdout).toMatch(/ended 1 session/);
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  }, 120_000);

  it('shows every job with its schedule in jobs list', async () => {
    const r = await cli(['jobs', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^daily-sync\s+0 2 \* \* \*\s+never/m);
  }, 60_000);
});

describe('a DATABASE_URL that leads nowhere stops the built server in one line', () => {
  const refused = async (url: string) => {
    const r = await runToExit([mainJs], { ...env(), DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    return r.stderr.trim();
  };

  it('names an unknown database', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/cpe_no_such_database';
    expect(await refused(url.toString())).toMatch(
      /^DATABASE_URL: the database "cpe_no_such_database" does not exist/,
    );
  }, 60_000);

  it('names an unknown role', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.username = 'cpe_no_such_role';
    expect(await refused(url.toString())).toMatch(
      /^DATABASE_URL: the server at .* refused the login: .*cpe_no_such_role/,
    );
  }, 60_000);
});
