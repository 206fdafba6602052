import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type TestApp } from '../../../test/app.ts';
import {
  buildLearningApp,
  chooseInstitute,
  lessonsOf,
  markCompleted,
  memberId,
  YEAR,
} from '../../../test/learning.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';
import { syncLessonHours } from '../sync/sync.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

/** The database's own message (drizzle wraps it in "Failed query: ..."). */
async function refusal(statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await t.deps.db.execute(statement);
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
  return 'accepted';
}

async function publishCorrection(note: string): Promise<number> {
  const { cookie } = await login(t.app, 'national-admin', 'staff');
  const current = (await t.app.inject({ url: `/api/admin/rules/${YEAR}`, headers: { cookie } })).json();
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/admin/rules/${YEAR}`,
    headers: { cookie },
    payload: { basedOnVersion: current.version, note, data: current.data },
  });
  expect(res.statusCode).toBe(201);
  return res.json().version;
}

describe('published rule versions are immutable', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through raw SQL and keeps the version as published', async () => {
    const before = await t.deps.db.execute(
      sql`SELECT * FROM rule_versions WHERE year = ${YEAR} ORDER BY version`,
    );
    expect(await refusal(sql`UPDATE rule_versions SET note = '改写' WHERE year = ${YEAR}`)).toMatch(
      /rule_versions are immutable: UPDATE refused/,
    );
    expect(
      await refusal(sql`UPDATE rule_versions SET data = jsonb_set(data, '{ruleSets,0,minimumTotal}', '1')`),
    ).toMatch(/immutable: UPDATE refused/);
    expect(await refusal(sql`DELETE FROM rule_versions WHERE year = ${YEAR}`)).toMatch(
      /rule_versions are immutable: DELETE refused/,
    );
    expect(await refusal(sql`TRUNCATE rule_versions CASCADE`)).toMatch(
      /rule_versions are immutable: TRUNCATE refused/,
    );
    const after = await t.deps.db.execute(
      sql`SELECT * FROM rule_versions WHERE year = ${YEAR} ORDER BY version`,
    );
    expect(after.rows).toEqual(before.rows);
  });
});

describe('every ledger entry records the rule version in force when it was posted', () => {
  it('posts the current version with the sync, and the next version after a correction', async () => {
    const { cookie } = await login(t.app, '310000012345');
    expect((await chooseInstitute(t.app, cookie, 1)).statusCode).toBe(201);
    const [first, second] = (await lessonsOf(t.deps.db, 1)).filter((l) => l.kind === 'required');
    const zhang = await memberId(t.deps.db, '310000012345');
    await markCompleted(t.deps.db, zhang, [first!.id, second!.id], t.clock.now());
    const evaluate = (lessonId: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/lessons/${lessonId}/evaluation`,
        headers: { cookie },
        payload: { rating: 5, answers: { relevance: '非常符合' } },
      });
    const versionOf = async (lessonId: number) => {
      const { rows } = await t.deps.db.execute<{ v: number | null }>(
        sql`SELECT rule_set_version AS v FROM hour_ledger WHERE member_id = ${zhang} AND lesson_id = ${lessonId}`,
      );
      return rows.map((r) => r.v);
    };
    const inForce = async () => {
      const { rows } = await t.deps.db.execute<{ v: number }>(
        sql`SELECT max(version)::int AS v FROM rule_versions WHERE year = ${YEAR}`,
      );
      return Number(rows[0]!.v);
    };

    expect((await evaluate(first!.id)).statusCode).toBe(201);
    await syncLessonHours(t.deps);
    const before = await inForce();
    expect(await versionOf(first!.id)).toEqual([before]);

    const corrected = await publishCorrection('更正：记录新版本');
    expect(corrected).toBe(before + 1);
    expect((await evaluate(second!.id)).statusCode).toBe(201);
    await syncLessonHours(t.deps);
    expect(await versionOf(second!.id)).toEqual([corrected]);
    expect(await versionOf(first!.id)).toEqual([before]); // posted entries keep the version they used

    const hours = (await t.app.inject({ url: `/api/me/hours?year=${YEAR}`, headers: { cookie } })).json();
    expect(hours.ruleVersion).toBe(corrected);

    // any other writer of the ledger records it too, from the same statement
    const posted = await appendEntry(t.deps.db, {
      memberId: zhang,
      year: YEAR,
      sourceType: 'adjustment',
      sourceId: 987_654,
      hoursHundredths: 100,
      bucket: 'online_elective',
      ethics: false,
      createdBy: 'test',
      postedAt: t.clock.now(),
    });
    expect(posted).toBe(true);
    const { rows } = await t.deps.db.execute<{ v: number }>(
      sql`SELECT rule_set_version AS v FROM hour_ledger WHERE source_type = 'adjustment' AND source_id = 987654`,
    );
    expect(rows.map((r) => r.v)).toEqual([corrected]);
  });

  it('refuses an entry without a version or naming a version that was never published', async () => {
    const zhang = await memberId(t.deps.db, '310000012345');
    const insert = (version: number | null) => sql`
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, rule_set_version,
        created_by, posted_at)
      VALUES (${zhang}, ${YEAR}, 'adjustment', ${version ?? 0}, 100, 'online_elective', ${version}, 'test', now())`;
    expect(await refusal(insert(null))).toMatch(/rule_set_version/);
    expect(await refusal(insert(999))).toMatch(/hour_ledger_rule_version_fk/);
  });
});
