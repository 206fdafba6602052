import autocannon, { type Request } from 'autocannon';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import pg from 'pg';
import type { Database } from '../apps/server/src/db/client.ts';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export interface Row {
  name: string;
  perSecond: number;
  p99ms: number | null;
  note?: string;
}

/** HTTP load from autocannon against a listening app; every non-2xx answer is an error of the bench. */
export async function load(
  app: FastifyInstance,
  requests: Request[],
): Promise<{ perSecond: number; p99ms: number }> {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  await app.close();
  if (r.non2xx || r.errors)
    throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors during the load`);
  return { perSecond: r.requests.total / r.duration, p99ms: r.latency.p99 };
}

/** The HTTP ceiling: a bare Fastify route on this machine, now. */
export async function bareRoute(): Promise<Row> {
  const app = Fastify();
  app.post('/ping', async () => ({ ok: true }));
  const r = await load(app, [
    {
      method: 'POST',
      path: '/ping',
      headers: { 'content-type': 'application/json' },
      body: '{"from":0,"to":10}',
    },
  ]);
  return { name: 'reference: bare Fastify route', ...withP99(r) };
}

const withP99 = (r: { perSecond: number; p99ms: number }) => ({ perSecond: r.perSecond, p99ms: r.p99ms });

/** The storage ceiling: single-row UPDATE commits, one after another, for SECONDS. */
export async function sequentialCommits(database: Database): Promise<Row> {
  await database.execScript(
    'DROP TABLE IF EXISTS bench_row; CREATE TABLE bench_row (id int PRIMARY KEY, n int NOT NULL); INSERT INTO bench_row VALUES (1, 0);',
  );
  const { sql } = await import('drizzle-orm');
  const end = Date.now() + SECONDS * 1000;
  let n = 0;
  const latencies: number[] = [];
  while (Date.now() < end) {
    const t0 = performance.now();
    await database.db.execute(sql`UPDATE bench_row SET n = n + 1 WHERE id = 1`);
    latencies.push(performance.now() - t0);
    n++;
  }
  await database.execScript('DROP TABLE bench_row');
  return { name: 'reference: single-row commits, sequential', perSecond: n / SECONDS, p99ms: p99(latencies) };
}

/** PostgreSQL only: single-row commits from CONNECTIONS clients at once (rows of their own). */
export async function concurrentCommits(url: string): Promise<Row> {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  await pool.query(
    'DROP TABLE IF EXISTS bench_row; CREATE TABLE bench_row (id int PRIMARY KEY, n int NOT NULL)',
  );
  await pool.query('INSERT INTO bench_row SELECT g, 0 FROM generate_series(1, $1::int) g', [CONNECTIONS]);
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        await pool.query('UPDATE bench_row SET n = n + 1 WHERE id = $1', [i + 1]);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await pool.query('DROP TABLE bench_row');
  await pool.end();
  return {
    name: `reference: single-row commits, ${CONNECTIONS} connections`,
    perSecond: latencies.length / SECONDS,
    p99ms: p99(latencies),
  };
}

export function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}
