import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { clonePostgresTemplate } from '../../../test/database.ts';
import { buildLearningApp, lessonsOf, markCompleted, YEAR } from '../../../test/learning.ts';
import { type Database, type Db, openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { findJob } from '../../jobs/registry.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';
import { seedDefaultRules } from '../rules/rules.service.ts';
import { syncLessonHours } from './sync.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

/** `members` synthetic members who watched and evaluated every lesson of institute 2's year. */
async function seedEvaluations(db: Db, members: number, tag: string) {
  await db.execute(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id,
      registered_on, password_hash)
    SELECT 'non_practicing', ${tag} || g, '测试会员' || g, '110101199001010011', '13800000000', '11', NULL,
      '2015-01-01', 'x'
    FROM generate_series(1, ${members}) g`);
  await db.execute(sql`
    INSERT INTO lesson_progress (member_id, lesson_id, watched_seconds, completed_at)
    SELECT m.id, l.id, l.duration_seconds, now()
    FROM members m, lessons l JOIN courses c ON c.id = l.course_id
    WHERE m.username LIKE ${`${tag}%`} AND c.institute_id = 2 AND c.year = ${YEAR}`);
  const { rows } = await db.execute<{ n: number }>(sql`
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, created_at)
    SELECT p.member_id, p.lesson_id, 5, now() FROM lesson_progress p
    JOIN members m ON m.id = p.member_id WHERE m.username LIKE ${`${tag}%`}
    RETURNING 1 AS n`);
  return rows.length;
}

async function ledgerCounts(db: Db) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT (SELECT count(*) FROM lesson_evaluations)::int AS evaluations,
           (SELECT count(*) FROM hour_ledger WHERE source_type = 'lesson')::int AS entries,
           (SELECT count(DISTINCT source_id) FROM hour_ledger WHERE source_type = 'lesson')::int AS sources,
           (SELECT count(*) FROM lesson_evaluations e WHERE NOT EXISTS (
              SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id))::int AS missing`);
  const r = rows[0]!;
  return {
    evaluations: Number(r.evaluations),
    entries: Number(r.entries),
    sources: Number(r.sources),
    missing: Number(r.missing),
  };
}

describe('the hour ledger (INV-1, INV-2)', () => {
  it('refuses UPDATE and DELETE of entries and keeps one entry per source', async () => {
    const { rows } = await t.deps.db.execute<{ id: number }>(sql`SELECT id FROM members LIMIT 1`);
    const entry = {
      memberId: Number(rows[0]!.id),
      year: YEAR,
      sourceType: 'adjustment' as const,
      sourceId: 424242,
      hoursHundredths: 150,
      bucket: 'online_elective' as const,
      ethics: false,
      createdBy: 'test',
      postedAt: t.clock.now(),
    };
    expect(await appendEntry(t.deps.db, entry)).toBe(true);
    expect(await appendEntry(t.deps.db, { ...entry, hoursHundredths: 999 })).toBe(false);
    await expect(t.deps.db.execute(sql`UPDATE hour_ledger SET hours_hundredths = 1`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`DELETE FROM hour_ledger`)).rejects.toThrow();
    const { rows: after } = await t.deps.db.execute<{ h: number }>(
      sql`SELECT hours_hundredths AS h FROM hour_ledger WHERE source_type = 'adjustment' AND source_id = 424242`,
    );
    expect(after.map((r) => Number(r.h))).toEqual([150]);
  });
});

describe('daily sync', () => {
  it('is registered as the daily-sync job at 02:00', () => {
    expect(findJob('daily-sync')).toMatchObject({ schedule: '0 2 * * *' });
  });

  it('posts every evaluated completion exactly once, also when two runs race', async () => {
    const total = await seedEvaluations(t.deps.db, 12, `sync-${randomBytes(3).toString('hex')}-`);
    expect(total).toBeGreaterThan(100);
    // an unevaluated completion is not posted
    const lesson = (await lessonsOf(t.deps.db, 1))[0]!;
    await markCompleted(
      t.deps.db,
      Number((await t.deps.db.execute<{ id: number }>(sql`SELECT id FROM members LIMIT 1`)).rows[0]!.id),
      [lesson.id],
      t.clock.now(),
    );
    const [a, b] = await Promise.all([
      syncLessonHours(t.deps, { batchSize: 25 }),
      syncLessonHours(t.deps, { batchSize: 25 }),
    ]);
    expect(a.posted + b.posted).toBe(total);
    const counts = await ledgerCounts(t.deps.db);
    expect(counts).toMatchObject({ entries: counts.evaluations, sources: counts.evaluations, missing: 0 });
    const again = await findJob('daily-sync')!.run(t.deps);
    expect(again.posted).toBe(0);
    const { rows } = await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM hour_ledger WHERE lesson_id = ${lesson.id}`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

/** Ledger entries and the synced mark of each given evaluation id. */
async function syncState(db: Db, ids: number[]) {
  const { rows } = await db.execute<{ id: number | string; entries: number; synced: boolean }>(sql`
    SELECT e.id, (SELECT count(*) FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)::int
             AS entries, e.synced_at IS NOT NULL AS synced
    FROM lesson_evaluations e WHERE e.id IN (${sql.join(ids, sql`, `)}) ORDER BY e.id`);
  return rows.map((r) => ({ id: Number(r.id), entries: Number(r.entries), synced: r.synced }));
}

describe('daily sync reads pending evaluations only', () => {
  it('posts an evaluation committed after a run passed its id, and marks one already posted', async () => {
    const tag = `late-${randomBytes(3).toString('hex')}-`;
    await seedEvaluations(t.deps.db, 1, tag);
    const { rows } = await t.deps.db.execute<{
      member_id: number;
      lesson_id: number;
      id: number | string;
    }>(sql`
      SELECT e.member_id, e.lesson_id, e.id FROM lesson_evaluations e JOIN members m ON m.id = e.member_id
      WHERE m.username LIKE ${`${tag}%`} ORDER BY e.id LIMIT 3`);
    const [a, b, c] = rows.map((r) => ({ memberId: Number(r.member_id), lessonId: Number(r.lesson_id) }));
    // Ids far above the sequence: `high` is evaluated first, `low` (a smaller id) commits after the run
    // that posted `high`, as when ids are handed out in one order and committed in another.
    const base = 1_000_000_000_000 + Number.parseInt(randomBytes(3).toString('hex'), 16) * 10;
    const [low, high, posted] = [base + 1, base + 2, base + 3];
    await t.deps.db.execute(sql`DELETE FROM lesson_evaluations e USING members m
      WHERE m.id = e.member_id AND m.username LIKE ${`${tag}%`}`);
    const evaluate = (id: number, ref: { memberId: number; lessonId: number }) =>
      t.deps.db.execute(sql`INSERT INTO lesson_evaluations (id, member_id, lesson_id, rating, created_at)
        VALUES (${id}, ${ref.memberId}, ${ref.lessonId}, 4, now())`);
    await evaluate(high, b!);
    // already in the ledger (posted by an earlier run that was killed before it could mark it)
    await evaluate(posted, c!);
    await appendEntry(t.deps.db, {
      memberId: c!.memberId,
      year: YEAR,
      sourceType: 'lesson',
      sourceId: posted,
      hoursHundredths: 50,
      bucket: 'online_required',
      ethics: false,
      createdBy: 'daily-sync',
      postedAt: t.clock.now(),
    });
    await syncLessonHours(t.deps, { batchSize: 25 });
    expect(await syncState(t.deps.db, [high, posted])).toEqual([
      { id: high, entries: 1, synced: true },
      { id: posted, entries: 1, synced: true },
    ]);

    await evaluate(low, a!);
    expect((await syncState(t.deps.db, [low]))[0]).toMatchObject({ entries: 0, synced: false });
    await syncLessonHours(t.deps, { batchSize: 25 });
    expect(await syncState(t.deps.db, [low, high, posted])).toEqual([
      { id: low, entries: 1, synced: true },
      { id: high, entries: 1, synced: true },
      { id: posted, entries: 1, synced: true },
    ]);
    const { rows: pending } = await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM lesson_evaluations WHERE synced_at IS NULL`,
    );
    expect(Number(pending[0]!.n)).toBe(0);
  });
});

/** A database the child process can open: a PostgreSQL clone, or a PGlite folder on disk. */
async function crashDatabase(): Promise<{
  env: Record<string, string>;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}> {
  if (process.env.TEST_DATABASE_URL && inject('postgresTemplate')) {
    const clone = await clonePostgresTemplate('cpe_crash');
    return {
      env: { CRASH_DATABASE_URL: clone.url },
      open: () => openDatabase({ databaseUrl: clone.url }),
      drop: clone.drop,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cpe-crash-'));
  return {
    env: { CRASH_DATA_DIR: dir },
    open: async () => {
      const database = await openDatabase({ dataDir: dir });
      await migrate(database);
      return database;
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('daily sync killed midway (INV-6)', () => {
  it('leaves whole batches; the next run posts the rest, every completion exactly once', async () => {
    const target = await crashDatabase();
    try {
      let database = await target.open();
      // the catalogue and the rule data whose version each entry records: the demo step needs no accounts
      const { seedDemoLearning } = await import('../../seed/learning.ts');
      await seedDemoLearning(database.db, t.clock);
      await seedDefaultRules(database.db, t.clock.now());
      const total = await seedEvaluations(database.db, 40, 'crash-');
      await database.close();

      // The child stops after each committed batch until told to go on: it is killed while paused after
      // its third batch, so exactly three whole batches are in the ledger, whatever the machine's speed.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('../../../test/sync-crash-child.ts', import.meta.url))],
        { env: { ...process.env, ...target.env, CRASH_BATCH_SIZE: '40' }, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      let answered = 0;
      child.stderr.on('data', (d) => {
        err += d;
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          const batches = (out.match(/^batch .*\n/gm) ?? []).length;
          if (batches >= 3) {
            child.kill('SIGKILL');
            resolve();
          } else if (batches > answered) {
            answered = batches;
            child.stdin.write('next\n');
          }
        });
        child.on('exit', () => reject(new Error(`child ended before the kill: ${out} ${err}`)));
      });
      expect(await exited).toBe('SIGKILL');
      expect(out).not.toContain('done');

      database = await target.open();
      const afterKill = await ledgerCounts(database.db);
      expect(total).toBeGreaterThan(3 * 40);
      expect(afterKill.entries).toBe(3 * 40); // the three whole batches committed before the kill
      const deps = { ...t.deps, database, db: database.db };
      const rerun = await syncLessonHours(deps, { batchSize: 40 });
      expect(rerun.posted).toBe(total - afterKill.entries);
      expect(await ledgerCounts(database.db)).toEqual({
        evaluations: total,
        entries: total,
        sources: total,
        missing: 0,
      });
      await database.close();
    } finally {
      await target.drop();
    }
  }, 180_000);
});
