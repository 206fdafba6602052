import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, type LessonRef, lessonsOf } from '../../../test/learning.ts';
import type { Database } from '../../db/client.ts';
import { groupCommitter, type ProgressWrite } from './progress.repository.ts';
import { idleClock } from './watch-budget.ts';

const XNAI = 3;
let t: TestApp;
let lesson: LessonRef;
beforeAll(async () => {
  t = await buildLearningApp();
  lesson = (await lessonsOf(t.deps.db, XNAI))[0]!;
});
afterAll(() => t.close());

const write = (memberId: number, lessonId = lesson.id, clockVersion = 0): ProgressWrite => ({
  memberId,
  lessonId,
  intervals: [[0, 5000]],
  watchedSeconds: 5,
  furthestSeconds: 5,
  positionSeconds: 5,
  reportedAt: t.clock.now(),
  completedAt: null,
  clock: { ...idleClock(), lastCreditAt: t.clock.now().getTime() },
  clockVersion,
});

/** The test database, counting the group statements it runs and the reports in each. */
function counting(database: Database) {
  const batches: number[] = [];
  const counted: Database = {
    ...database,
    prepared: (stmt, params) => {
      if (stmt.name === 'cpe_save_reports') batches.push(String(params[0]).split(',').length);
      return database.prepared(stmt, params);
    },
  };
  return { counted, batches };
}

const saved = async (memberId: number) =>
  (
    await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM lesson_progress WHERE member_id = ${memberId} AND watched_seconds = 5`,
    )
  ).rows[0]!.n;

describe('group commit of progress reports', () => {
  it('writes reports that arrive together in shared transactions and answers each after its commit', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => makeMember(t, { institute: XNAI })));
    const { counted, batches } = counting(t.deps.database);
    const save = groupCommitter(counted, { maxBatch: 5, inFlight: 1 });
    const answers = await Promise.all(
      members.map(async (m) => {
        const ok = await save(write(m.id));
        // answered only once the row is committed: visible to any other connection now
        return ok && (await saved(m.id)) === 1;
      }),
    );
    expect(answers).toEqual(members.map(() => true));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(12);
    expect(batches.length).toBeLessThan(12);
    expect(Math.max(...batches)).toBeLessThanOrEqual(5);
  });

  it('answers false to the second report of a member in one batch, as a lost race', async () => {
    const m = await makeMember(t, { institute: XNAI });
    const save = groupCommitter(t.deps.database, { maxBatch: 10, inFlight: 1 });
    const results = await Promise.all([save(write(m.id)), save(write(m.id))]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('keeps a failing report from failing the others of its batch', async () => {
    const [a, b] = await Promise.all([
      makeMember(t, { institute: XNAI }),
      makeMember(t, { institute: XNAI }),
    ]);
    const save = groupCommitter(t.deps.database, { maxBatch: 10, inFlight: 1 });
    const results = await Promise.allSettled([
      save(write(a.id)),
      save(write(b.id, 987_654_321)), // no such lesson: the foreign key refuses it
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: true });
    expect(results[1]!.status).toBe('rejected');
    expect(await saved(a.id)).toBe(1);
  });
});
