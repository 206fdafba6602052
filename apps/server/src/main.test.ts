import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = new URL('./main.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'cpe-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the real server process on the embedded database; resolves with its URL once it listens. */
function start(
  env: Record<string, string>,
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
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
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
    const first = await start({ DEMO: '1' });
    expect(first.output()).toContain('310000012345');
    expect(first.output()).toContain('Demo#2024pass');
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

    const second = await start({}).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    expect(String(second)).toMatch(/in use by process/);

    const exit = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(join(dataDir, 'cpe.lock'))).toBe(false);
  }, 120_000);

  it('reports every bad variable at once and exits non-zero', async () => {
    const result = await start({ PORT: 'x', CAPTCHA_ENABLED: 'maybe' }).catch((e: Error) => e);
    expect(String(result)).toMatch(/PORT/);
    expect(String(result)).toMatch(/CAPTCHA_ENABLED/);
  }, 60_000);
});
