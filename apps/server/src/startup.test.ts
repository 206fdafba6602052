import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, runToExit } from '../test/process.ts';

const main = new URL('./main.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'cpe-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The server process must stop with exit code 1 and exactly one line on stderr: no stack trace. */
async function refusedStart(env: Record<string, string>) {
  const r = await runToExit(['--import', 'tsx', main], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    JOBS_ENABLED: 'false',
    ...env,
  });
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('a server that refuses to start, in one clear line', () => {
  it('refuses production without DATABASE_URL and names ALLOW_EMBEDDED_DB', async () => {
    expect(await refusedStart({ NODE_ENV: 'production' })).toMatch(
      /^Invalid configuration: DATABASE_URL: required with NODE_ENV=production .*ALLOW_EMBEDDED_DB=true/,
    );
  }, 60_000);

  it('refuses a DATABASE_URL that is not a PostgreSQL URL', async () => {
    expect(await refusedStart({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/cpe' })).toMatch(
      /^Invalid configuration: DATABASE_URL: not a PostgreSQL URL/,
    );
  }, 60_000);

  it('names DATABASE_URL and the cause when the database server cannot be reached', async () => {
    const port = await closedPort();
    expect(await refusedStart({ DATABASE_URL: `postgres://cpe:secret@127.0.0.1:${port}/cpe` })).toBe(
      `DATABASE_URL: cannot reach the database server at 127.0.0.1:${port} (connection refused)`,
    );
  }, 60_000);

  it('names a job schedule override of a job that does not exist', async () => {
    expect(await refusedStart({ JOB_SCHEDULE_NIGHTLY_REPORT: '0 4 * * *' })).toMatch(
      /^Invalid configuration: JOB_SCHEDULE_NIGHTLY_REPORT: no such job/,
    );
  }, 60_000);
});
