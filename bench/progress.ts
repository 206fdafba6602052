import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.ts';
import { shanghaiYear, systemClock } from '../apps/server/src/clock.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Database } from '../apps/server/src/db/client.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { seedDemo } from '../apps/server/src/seed/index.ts';
import { seedReference } from '../apps/server/src/seed/reference.ts';
import { load, type Row } from './measure.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 500);

/**
 * Creates LEARNERS practicing members with sessions and this year's institute chosen, all watching the
 * longest required lesson: the December shape of the system, scaled to one machine.
 */
async function prepareLearners(database: Database) {
  const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
  await migrate(database);
  await seedReference(database.db, config);
  await seedDemo(database.db, config);
  const year = shanghaiYear(systemClock.now());
  const db = database.db;
  const members = await db.execute<{ id: number }>(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id, registered_on, password_hash)
    SELECT 'practicing', '9' || lpad(g::text, 11, '0'), '压测会员' || g, '11010119900101123X', '13800000000', '11',
           (SELECT min(id) FROM firms), '2015-01-01', 'not-a-hash'
      FROM generate_series(1, ${LEARNERS}::int) g
    ON CONFLICT (username) DO UPDATE SET name = EXCLUDED.name
    RETURNING id`);
  const ids = members.rows.map((r) => r.id);
  const now = systemClock.now();
  const far = new Date(now.getTime() + 12 * 3600_000);
  const tokens = ids.map((id) => `bench-${id}-${now.getTime()}`);
  for (let i = 0; i < ids.length; i++) {
    const hash = createHash('sha256').update(tokens[i]!).digest('hex');
    await db.execute(sql`
      INSERT INTO sessions (token_hash, subject_type, subject_id, created_at, last_seen_at, expires_at)
      VALUES (${hash}, 'member', ${ids[i]!}, ${now.toISOString()}, ${now.toISOString()}, ${far.toISOString()})`);
  }
  await db.execute(sql`
    INSERT INTO institute_choices (member_id, year, institute_id, chosen_at)
    SELECT id, ${year}, 2, now() FROM members WHERE username LIKE '9%' ON CONFLICT DO NOTHING`);
  const lesson = await db.execute<{ id: number; duration_seconds: number }>(sql`
    SELECT l.id, l.duration_seconds FROM lessons l JOIN courses c ON c.id = l.course_id
     WHERE c.institute_id = 2 AND c.year = ${year} AND c.kind = 'required'
     ORDER BY l.duration_seconds DESC LIMIT 1`);
  if (!lesson.rows[0]) throw new Error(`no required lesson for ${year}: is the demo catalogue seeded?`);
  return { tokens, lesson: lesson.rows[0] };
}

/** Progress reports per second through the real app (session check, eligibility read, durable write). */
export async function progressReports(database: Database): Promise<Row> {
  const { tokens, lesson } = await prepareLearners(database);
  // Many reports per learner and second here: the per-member rate limit is raised for the load.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    CAPTCHA_ENABLED: 'false',
    PROGRESS_REPORTS_PER_SECOND: '1000',
  });
  const app = await buildApp({ config, database, db: database.db, clock: systemClock });
  const position = new Array<number>(tokens.length).fill(0);
  let next = 0;
  const r = await load(app, [
    {
      method: 'POST',
      path: `/api/lessons/${lesson.id}/progress`,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = next++ % tokens.length;
        const from = position[i]!;
        const to = Math.min(from + 10, lesson.duration_seconds);
        position[i] = to >= lesson.duration_seconds ? 0 : to;
        return {
          ...req,
          headers: { ...req.headers, cookie: `cpe_session=${tokens[i]}` },
          body: JSON.stringify({ from, to }),
        };
      },
    },
  ]);
  return { name: `progress reports (${tokens.length} learners)`, ...r };
}
