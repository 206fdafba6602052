import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = new URL('./main.ts', import.meta.url).pathname;
// Each test has its own data folder, so no test depends on what another left there (or still runs there).
const dataDirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-main-'));
  dataDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the real server process on the embedded database; resolves with its URL once it listens. */
function start(
  env: Record<string, string>,
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a server behind holding the data folder
      reject(new Error(`server did not start:\n${out}`));
    }, 120_000); // a cold start (transform, migrate, demo seed) takes long on a loaded machine
    child.stdout!.on('data', () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the server process', () => {
  it('starts on the embedded database with demo data, refuses a second process, and shuts down cleanly', async () => {
    const dataDir = newDataDir();
    const first = await start({ DEMO: '1' }, dataDir);
    expect(first.output()).toContain('310000012345');
    expect(first.output()).toContain('Demo#2024pass');
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

    const second = await start({}, dataDir).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    expect(String(second)).toMatch(/in use by process/);

    const exit = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('cpe.lock'))).toEqual([]);
  }, 240_000);

  it('keeps every answered write after a SIGKILL (INV-6)', async () => {
    const dataDir = newDataDir();
    const first = await start({ DEMO: '1', CAPTCHA_ENABLED: 'false' }, dataDir);
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userType: 'practicing', username: '110000054321', password: 'Demo#2024pass' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('cpe_session='))!;
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(),
    );
    const chosen = await fetch(`${first.url}/api/me/institute-choice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ year, instituteId: 1 }),
    });
    expect(chosen.status).toBe(201);
    const killed = exited(first.child);
    first.child.kill('SIGKILL');
    await killed;

    const second = await start({}, dataDir);
    try {
      // The session and the choice both survived; the stale lock of the killed process was taken over.
      const res = await fetch(`${second.url}/api/me/institute-choice?year=${year}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { institute: unknown }).institute).toMatchObject({
        id: 1,
        name: '北京国家会计学院',
      });
    } finally {
      const exit = exited(second.child);
      second.child.kill('SIGTERM');
      await exit;
    }
  }, 240_000);

  it('reports every bad variable at once and exits non-zero', async () => {
    const result = await start({ PORT: 'x', CAPTCHA_ENABLED: 'maybe' }, newDataDir()).catch((e: Error) => e);
    expect(String(result)).toMatch(/PORT/);
    expect(String(result)).toMatch(/CAPTCHA_ENABLED/);
  }, 120_000);
});
