import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../apps/server/src/db/client.ts';
import {
  bareRoute,
  CONNECTIONS,
  concurrentCommits,
  type Row,
  SECONDS,
  sequentialCommits,
} from './measure.ts';
import { progressReports } from './progress.ts';

/**
 * `npm run bench`: the hot path measured beside its reference limits, in the same run on the same
 * machine, so the ratios mean something on a shared and noisy host. PostgreSQL is measured when a server
 * answers at BENCH_DATABASE_URL (default: the local one); a scratch database is created and dropped.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function pglite(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-bench-'));
  try {
    const refDb = await openDatabase({ dataDir: join(dir, 'ref') });
    const commits = await sequentialCommits(refDb);
    await refDb.close();
    const appDb = await openDatabase({ dataDir: join(dir, 'app') });
    const progress = await progressReports(appDb);
    await appDb.close();
    return [commits, progress];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<Row[] | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `cpe_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: CONNECTIONS });
    const sequential = await sequentialCommits(database);
    const concurrent = await concurrentCommits(url.toString());
    const progress = await progressReports(database);
    await database.close();
    return [sequential, concurrent, progress];
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function table(title: string, rows: Row[], bare: Row) {
  const storage = rows
    .filter((r) => r.name.startsWith('reference'))
    .reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  console.log(`\n### ${title}\n`);
  console.log('| measurement | per second | p99 ms | ÷ bare route | ÷ best commit rate |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of [bare, ...rows]) {
    console.log(
      `| ${r.name} | ${fmt(r.perSecond)} | ${r.p99ms?.toFixed(1) ?? '–'} | ${(r.perSecond / bare.perSecond).toFixed(3)} | ${(r.perSecond / storage.perSecond).toFixed(2)} |`,
    );
  }
}

console.log(`cpe bench: ${SECONDS} s per measurement, ${CONNECTIONS} HTTP connections / database clients`);
const bare = await bareRoute();
table('PGlite (embedded, file-backed)', await pglite(), bare);
const pgRows = await postgres();
if (pgRows) table(`PostgreSQL (${new URL(ADMIN_URL).host})`, pgRows, bare);
else console.log(`\nPostgreSQL: no server at ${ADMIN_URL}; skipped.`);
