import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore, ONE_MEMBER_SQL } from '../../test/migrations.ts';
import type { Database } from './client.ts';
import { migrate } from './migrate.ts';

const TRACEABILITY = '0006_rule_traceability.sql';

let database: Database;
beforeAll(async () => {
  // A database as it was before migration 0006, with rule versions and ledger entries of that time.
  database = await databaseBefore(TRACEABILITY);
  const ruleSet = (memberType: string, minimumTotal: number) => ({ year: 2025, memberType, minimumTotal });
  const data = (total: number) =>
    JSON.stringify({
      ruleSets: [ruleSet('practicing', total), ruleSet('non_practicing', total)],
      catalogue: [],
      exemptionGrounds: [],
      overlays: [],
    });
  await database.execScript(`
    ${ONE_MEMBER_SQL}
    INSERT INTO rule_versions (year, version, data, note, published_at) VALUES
      (2025, 1, '${data(4000)}', '默认', '2025-01-01T00:00:00Z'),
      (2025, 2, '${data(3600)}', '更正', '2025-06-01T00:00:00Z');
    INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, created_by,
      posted_at)
    SELECT m.id, 2025, 'adjustment', s.id, 100, 'online_elective', 'test', s.at::timestamptz
    FROM members m, (VALUES (1, '2024-12-20T00:00:00Z'), (2, '2025-03-01T00:00:00Z'),
      (3, '2025-07-01T00:00:00Z')) AS s(id, at);`);
  expect(await migrate(database)).toContain(TRACEABILITY);
});
afterAll(() => database?.close());

describe(`migration ${TRACEABILITY} on a database that has data`, () => {
  it('gives each earlier ledger entry the version in force when it was posted', async () => {
    const { rows } = await database.db.execute<{ source_id: number; rule_set_version: number }>(
      sql`SELECT source_id, rule_set_version FROM hour_ledger ORDER BY source_id`,
    );
    // posted before any version was published: the year's first version
    expect(rows.map((r) => [Number(r.source_id), r.rule_set_version])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('gives earlier rule versions the default study window of their year, then keeps them as they are', async () => {
    const { rows } = await database.db.execute<{ data: { ruleSets: { studyWindow: unknown }[] } }>(
      sql`SELECT data FROM rule_versions ORDER BY version`,
    );
    for (const row of rows) {
      for (const set of row.data.ruleSets) {
        expect(set.studyWindow).toEqual({ opens: '2025-01-01', closes: '2025-12-31' });
      }
    }
    await expect(database.db.execute(sql`UPDATE rule_versions SET note = 'x'`)).rejects.toThrow();
  });

  it('leaves the ledger append-only', async () => {
    await expect(database.db.execute(sql`UPDATE hour_ledger SET hours_hundredths = 1`)).rejects.toThrow();
    await expect(database.db.execute(sql`DELETE FROM hour_ledger`)).rejects.toThrow();
  });
});
