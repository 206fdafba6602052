import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds apps/web/dist, which the server serves. Set E2E_SKIP_BUILD=1 to reuse an existing build. Vitest
 * sets NODE_ENV=test, which would give a development bundle: the journeys test the production one.
 */
export function buildWeb() {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', 'build', '-w', '@cpe/web'], {
    cwd: repoRoot,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  /**
   * Runs `cpe <args>` on the server's database the way an operator would: the embedded database is
   * locked by its server, so the server is stopped first and started again afterwards on the same port
   * and data (sessions are kept in the database, so browsers stay signed in). Returns the command's output.
   */
  runCli(args: string[]): Promise<string>;
}

/**
 * Starts the real server (apps/server/src/main.ts) with demo data and the captcha off, on a free port and
 * a fresh embedded database; on PostgreSQL instead, in a new database of the E2E_DATABASE_URL server, when that is set.
 */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cpe-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DEMO: '1',
    CAPTCHA_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: process.env.E2E_SERVER_LOG ? 'info' : 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT: '1000',
  };
  delete env.DATABASE_URL;
  delete env.STATIC_DIR;
  // On PostgreSQL each server gets a database of its own, as each PGlite server has its own folder:
  // journeys run in any order and none sees what another left (a course, hours, a paid fee).
  const database = process.env.E2E_DATABASE_URL ? await createDatabase(process.env.E2E_DATABASE_URL) : null;
  if (database) env.DATABASE_URL = database.url;

  const url = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  let child: ChildProcess;
  try {
    child = await spawnServer(env, url);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return {
    url,
    async stop() {
      await stopChild(child);
      await cleanup();
    },
    async runCli(args) {
      await stopChild(child);
      try {
        return await runCpe(args, env);
      } finally {
        child = await spawnServer(env, url);
      }
    },
  };
}

/** A new empty database `cpe_e2e_<random>` on the server of `adminUrl`; `drop` removes it. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cpe_e2e_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function spawnServer(env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // E2E_SERVER_LOG=FILE keeps every server's log (requests with their times) for a journey that failed.
  const keep = process.env.E2E_SERVER_LOG;
  const record = (d: Buffer) => {
    output += d;
    if (keep) appendFileSync(keep, d);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  try {
    await waitForHealth(url, child, () => output);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return child;
}

/** `node apps/server/bin/cpe.js ...args` with the server's environment (same database). */
function runCpe(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['apps/server/bin/cpe.js', ...args],
      { cwd: repoRoot, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`cpe ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer /api/health within 90 s:\n${output()}`);
}

/** SIGTERM lets the server close its database cleanly; SIGKILL if it hangs. */
async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
