import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import autocannon, { type Request } from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import type { Database } from '../apps/server/src/db/client.ts';

export type DatabaseKind = 'pglite' | 'postgres' | 'none';

/** One figure of the run; `reference` names the row it is compared with (measured in the same run). */
export interface Row {
  measurement: string;
  database: DatabaseKind;
  perSecond: number;
  p99Ms: number | null;
  reference: string | null;
  ratio: number | null;
  note?: string;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  /** this many requests in all, as fast as answered, instead of `seconds` of them */
  amount?: number;
}

export interface LoadResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
}

/** HTTP load from autocannon; every non-2xx answer and every error fails the run. */
export async function load(url: string, requests: Request[], o: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  let lastAnswer = started;
  const run = autocannon({
    url,
    connections: o.connections,
    duration: o.seconds,
    requests,
    ...(o.amount ? { amount: o.amount } : {}),
  });
  // A run of `amount` requests ends at autocannon's next one-second tick, not at its last answer: its
  // own duration would round the rate down to whole seconds, so it is timed here.
  if (o.amount)
    run.on('response', () => {
      lastAnswer = performance.now();
    });
  const r = await run;
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(
      `${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors and ${r.timeouts} timeouts during the load`,
    );
  await drained(url);
  return {
    perSecond: r.requests.total / (o.amount ? (lastAnswer - started) / 1000 : r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    total: r.requests.total,
  };
}

/**
 * Waits until the server has answered what the load left queued (a fixed-rate load can leave a backlog
 * on a slow machine), so the next measurement starts on an idle server.
 */
async function drained(url: string) {
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    await fetch(`${url}/api/health`).catch(() => {});
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A steady offered load: `rate` requests a second, each sent at its own evenly spaced instant whether or
 * not earlier ones were answered (an open loop, as players report on their own clocks), on keep-alive
 * connections opened as needed. autocannon's rate limit is not that: each connection sends its share of
 * a second back to back at the start of the second and then waits, so it offers bursts. Latency counts
 * from the instant a request was due, so time spent waiting for a connection counts too. Every non-2xx
 * answer and every error fails the run, as in `load`.
 */
export async function steadyLoad(
  url: string,
  next: () => { method: string; path: string; headers?: Record<string, string>; body?: string },
  o: { rate: number; seconds: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  const failures: string[] = [];
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const r = next();
      const req = httpRequest(`${url}${r.path}`, { method: r.method, headers: r.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode! < 200 || res.statusCode! >= 300) failures.push(`HTTP ${res.statusCode}`);
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      req.on('error', (e) => {
        failures.push(e.message);
        resolve();
      });
      req.end(r.body);
    });
  const start = performance.now();
  const sent: Promise<void>[] = [];
  while (sent.length < total) {
    const now = performance.now();
    // every request due by now, each timed from its own instant
    while (sent.length < total && start + (sent.length * 1000) / o.rate <= now)
      sent.push(send(start + (sent.length * 1000) / o.rate));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  if (failures.length > 0)
    throw new Error(`${url}: ${failures.length} failed requests during the load (first: ${failures[0]})`);
  await drained(url);
  return { ...summary(latencies, seconds), perSecond: total / seconds };
}

/** The HTTP ceiling: a bare Fastify route on this machine, now (GET, as the hours query and /api/me). */
export async function bareRoute(o: LoadOptions): Promise<LoadResult> {
  const app = Fastify();
  app.get('/ping', async () => ({ ok: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await load(url, [{ method: 'GET', path: '/ping' }], o);
  } finally {
    await app.close();
  }
}

/** The storage ceiling: single-row UPDATE commits, one after another. */
export async function sequentialCommits(database: Database, seconds: number): Promise<LoadResult> {
  await database.execScript(
    'DROP TABLE IF EXISTS bench_row; CREATE TABLE bench_row (id int PRIMARY KEY, n int NOT NULL); INSERT INTO bench_row VALUES (1, 0);',
  );
  const stmt = { name: 'bench_commit', types: ['int'], text: 'UPDATE bench_row SET n = n + 1 WHERE id = $1' };
  const end = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  while (Date.now() < end) {
    const t0 = performance.now();
    await database.prepared(stmt, [1]);
    latencies.push(performance.now() - t0);
  }
  await database.execScript('DROP TABLE bench_row');
  return summary(latencies, seconds);
}

/** PostgreSQL only: single-row commits from `connections` clients at once (rows of their own). */
export async function concurrentCommits(url: string, connections: number, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  await pool.query(
    'DROP TABLE IF EXISTS bench_row; CREATE TABLE bench_row (id int PRIMARY KEY, n int NOT NULL)',
  );
  await pool.query('INSERT INTO bench_row SELECT g, 0 FROM generate_series(1, $1::int) g', [connections]);
  const end = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        await pool.query('UPDATE bench_row SET n = n + 1 WHERE id = $1', [i + 1]);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await pool.query('DROP TABLE bench_row');
  await pool.end();
  return summary(latencies, seconds);
}

/**
 * Raw argon2id verifications per second with the server's parameters, as many at once as the libuv
 * pool runs (the login path verifies on the same pool): the ceiling of logins on these cores.
 */
export async function argon2Verify(
  params: { memoryCost: number; timeCost: number },
  seconds: number,
): Promise<LoadResult> {
  const stored = await hash('Bench#2024pass', { algorithm: 2, ...params, parallelism: 1 });
  const workers = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const end = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: Math.max(workers, availableParallelism()) }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        if (!(await verify(stored, 'Bench#2024pass'))) throw new Error('argon2 verify failed');
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summary(latencies, seconds);
}

export function summary(latencies: number[], seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), total: latencies.length };
}
