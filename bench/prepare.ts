import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { shanghaiYear, systemClock } from '../apps/server/src/clock.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Database } from '../apps/server/src/db/client.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { seedBench } from '../apps/server/src/seed/bench.ts';
import { seedDemo } from '../apps/server/src/seed/index.ts';
import { seedReference } from '../apps/server/src/seed/reference.ts';

export interface Learner {
  token: string;
  lessonId: number;
  durationSeconds: number;
}

export interface Prepared {
  learners: Learner[];
  usernames: string[];
  seeded: { members: number; ledger: number; evaluations: number; seconds: number };
}

/**
 * The national year at the chosen size (seed/bench.ts, the same generator as `cpe bench seed`), then a
 * session for each of `sessions` practicing members who chose an institute this year, each watching a
 * required lesson of that institute it has not started: the December shape of the system.
 */
export async function prepare(
  database: Database,
  o: { members: number; sessions: number; unposted: number; log: (s: string) => void; seeded?: boolean },
): Promise<Prepared> {
  const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
  await migrate(database);
  const year = shanghaiYear(systemClock.now());
  const t0 = Date.now();
  const seeded = o.seeded ? await alreadySeeded(database) : await seedYear(database, config, year, o);
  const db = database.db;
  const { rows } = await db.execute<{
    id: number;
    username: string;
    lesson_id: number;
    duration: number;
  }>(sql`
    SELECT m.id, m.username, l.id AS lesson_id, l.duration_seconds AS duration
    FROM members m
    JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = ${year}
    JOIN courses c ON c.institute_id = ic.institute_id AND c.year = ${year} AND c.code = 'bench-5'
    JOIN lessons l ON l.course_id = c.id AND l.sort = 1
    WHERE m.id > ${seeded.memberBase} AND m.member_type = 'practicing'
    ORDER BY m.id LIMIT ${o.sessions}`);
  const now = systemClock.now();
  const far = new Date(now.getTime() + 12 * 3600_000).toISOString();
  const learners = rows.map((r) => ({
    token: randomBytes(24).toString('base64url'),
    lessonId: Number(r.lesson_id),
    durationSeconds: Number(r.duration),
  }));
  const hashes = learners.map((l) => createHash('sha256').update(l.token).digest('hex'));
  await db.execute(sql`
    INSERT INTO sessions (token_hash, subject_type, subject_id, created_at, last_seen_at, expires_at)
    SELECT h, 'member', id, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${far}::timestamptz
    FROM unnest(${`{${hashes.join(',')}}`}::text[], ${`{${rows.map((r) => r.id).join(',')}}`}::int[]) AS s(h, id)`);
  return {
    learners,
    usernames: rows.map((r) => r.username),
    seeded: {
      members: seeded.members,
      ledger: seeded.ledger,
      evaluations: seeded.evaluations,
      seconds: (Date.now() - t0) / 1000,
    },
  };
}

/**
 * The reference of the daily sync: one INSERT ... SELECT of the same rows (the evaluations not yet in
 * the ledger, read through the same pending index) into a copy of the ledger's table with its indexes, timed.
 */
export async function insertSelect(database: Database): Promise<{ rows: number; seconds: number }> {
  const db = database.db;
  await db.execute(sql`DROP TABLE IF EXISTS bench_ledger`);
  await db.execute(sql`CREATE TABLE bench_ledger (LIKE hour_ledger INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const t0 = performance.now();
  const { rows } = await db.execute<{ n: number }>(sql`
    WITH ins AS (
      INSERT INTO bench_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        lesson_id, rule_set_version, created_by, posted_at)
      SELECT e.member_id, c.year, 'lesson', e.id, l.credit_hundredths,
             CASE c.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, c.ethics,
             l.id, 1, 'daily-sync', now()
      FROM lesson_evaluations e
      JOIN lessons l ON l.id = e.lesson_id
      JOIN courses c ON c.id = l.course_id
      WHERE e.synced_at IS NULL
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`);
  const seconds = (performance.now() - t0) / 1000;
  await db.execute(sql`DROP TABLE bench_ledger`);
  return { rows: Number(rows[0]!.n), seconds };
}

/** The generator of `cpe bench seed`, after the reference and demo data, with its progress logged. */
async function seedYear(
  database: Database,
  config: ReturnType<typeof loadConfig>,
  year: number,
  o: { members: number; unposted: number; log: (s: string) => void },
) {
  await seedReference(database.db, config);
  await seedDemo(database.db, config);
  let last = '';
  return seedBench(database, {
    members: o.members,
    seed: 1,
    year,
    unposted: o.unposted,
    argon2: { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST },
    progress: (step) => {
      if (step !== last) o.log(`  seed: ${step}`);
      last = step;
    },
  });
}

/** The counts of a database `cpe bench seed` filled before (a copy of it: `--template`). */
async function alreadySeeded(database: Database) {
  const { rows } = await database.db.execute<{
    base: number;
    members: number;
    ledger: number;
    evaluations: number;
  }>(sql`
    SELECT (SELECT min(id) - 1 FROM members WHERE name LIKE '压测会员%')::int AS base,
           (SELECT count(*) FROM members)::int AS members,
           (SELECT count(*) FROM hour_ledger)::int AS ledger,
           (SELECT count(*) FROM lesson_evaluations)::int AS evaluations`);
  const r = rows[0]!;
  if (r.base === null) throw new Error('the template holds no data of `cpe bench seed`');
  return { memberBase: Number(r.base), members: r.members, ledger: r.ledger, evaluations: r.evaluations };
}
