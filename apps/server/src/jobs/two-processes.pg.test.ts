import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePostgresTemplate } from '../../test/database.ts';
import { YEAR } from '../../test/learning.ts';
import { runToExit, type Started, startServer } from '../../test/process.ts';
import { systemClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { seedDemo } from '../seed/index.ts';
import { seedReference } from '../seed/reference.ts';

// Two real server processes on one PostgreSQL database fire the daily sync at the same moments
// (JOB_SCHEDULE_DAILY_SYNC every two seconds): each tick must run on one process only, and every
// evaluated lesson must be posted to the hour ledger once.
const main = new URL('../main.ts', import.meta.url).pathname;

let clone: { url: string; drop: () => Promise<void> };
let database: Database;
const servers: Started[] = [];

beforeAll(async () => {
  clone = await clonePostgresTemplate('cpe_two');
  database = await openDatabase({ databaseUrl: clone.url, poolSize: 2 });
  await seedReference(database.db, testConfig());
  await seedDemo(database.db, testConfig(), systemClock);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.close();
  await clone?.drop();
});

/** `count` synthetic members who watched and evaluated every lesson of institute 2's year. */
async function evaluate(tag: string, count: number) {
  const db = database.db;
  await db.execute(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id,
      registered_on, password_hash)
    SELECT 'non_practicing', ${tag} || g, '测试会员' || g, '110101199001010011', '13800000000', '11', NULL,
      '2015-01-01', 'x'
    FROM generate_series(1, ${count}) g`);
  await db.execute(sql`
    INSERT INTO lesson_progress (member_id, lesson_id, watched_seconds, completed_at)
    SELECT m.id, l.id, l.duration_seconds, now()
    FROM members m, lessons l JOIN courses c ON c.id = l.course_id
    WHERE m.username LIKE ${`${tag}%`} AND c.institute_id = 2 AND c.year = ${YEAR}`);
  await db.execute(sql`
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, created_at)
    SELECT p.member_id, p.lesson_id, 5, now() FROM lesson_progress p
    JOIN members m ON m.id = p.member_id WHERE m.username LIKE ${`${tag}%`}`);
}

const one = async <T extends Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  (await database.db.execute<T>(q)).rows[0]!;

async function ledger() {
  return one<{ evaluations: number; entries: number; sources: number }>(sql`
    SELECT (SELECT count(*) FROM lesson_evaluations)::int AS evaluations,
           (SELECT count(*) FROM hour_ledger WHERE source_type = 'lesson')::int AS entries,
           (SELECT count(DISTINCT source_id) FROM hour_ledger WHERE source_type = 'lesson')::int AS sources`);
}

const runsOfSync = async () =>
  (
    await database.db.execute<{ scheduled_for: Date; runner: string; status: string }>(
      sql`SELECT scheduled_for, runner, status FROM job_runs WHERE job = 'daily-sync' ORDER BY scheduled_for`,
    )
  ).rows;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Log lines of the process holding `text` (and `job`, when given: other jobs tick on their own). */
const lines = (s: Started, text: string, job?: string) =>
  s
    .output()
    .split('\n')
    .filter((l) => l.includes(text) && (!job || l.includes(job))).length;

describe('the daily sync on two server processes', () => {
  it('runs each tick on one process only and posts every completion once', async () => {
    await evaluate('two-a-', 30);
    const env = {
      DATABASE_URL: clone.url,
      DATA_DIR: '/nonexistent-unused',
      CAPTCHA_ENABLED: 'false',
      JOB_SCHEDULE_DAILY_SYNC: '*/2 * * * * *',
    };
    servers.push(...(await Promise.all([1, 2].map(() => startServer(['--import', 'tsx', main], env)))));
    const bothUp = Date.now();

    await sleep(4_500);
    await evaluate('two-b-', 30); // more completions arrive while both processes keep ticking
    await sleep(6_000);
    const [a, b] = servers as [Started, Started];
    const after = await ledger();
    expect(after.evaluations).toBeGreaterThan(0);
    expect(after.entries).toBe(after.evaluations);
    expect(after.sources).toBe(after.evaluations);

    const runs = await runsOfSync();
    const ticks = runs.filter((r) => new Date(r.scheduled_for).getTime() >= bothUp);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    // One row per tick (the unique claim), each run by one process that finished it.
    const seconds = runs.map((r) => Math.floor(new Date(r.scheduled_for).getTime() / 1000));
    expect(new Set(seconds).size).toBe(runs.length);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    // Both processes fired on the ticks they shared: the one that did not run it says so.
    // (a run's row commits just before its log line reaches the pipe: wait for the line, boundedly)
    const finishedSync = () =>
      lines(a, '"job finished"', 'daily-sync') + lines(b, '"job finished"', 'daily-sync');
    for (let i = 0; i < 50 && finishedSync() < runs.length; i++) await sleep(100);
    const skipped = lines(a, 'job skipped', 'daily-sync') + lines(b, 'job skipped', 'daily-sync');
    expect(finishedSync()).toBe(runs.length);
    expect(skipped).toBeGreaterThanOrEqual(Math.ceil(ticks.length / 2));
    const r = await runToExit(
      ['--import', 'tsx', new URL('../cli.ts', import.meta.url).pathname, 'jobs', 'list'],
      {
        DATABASE_URL: clone.url,
        JOB_SCHEDULE_DAILY_SYNC: '*/2 * * * * *',
      },
    );
    expect(r.stdout).toMatch(/^daily-sync\s+\*\/2 \* \* \* \* \*\s+\S+\s+succeeded\s+\d+\.\ds/m);
  }, 120_000);
});
