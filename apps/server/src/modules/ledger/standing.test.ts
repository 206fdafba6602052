import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { makeMember } from '../../../test/fixtures.ts';
import { YEAR } from '../../../test/learning.ts';
import { appendEntry, type LedgerEntryInput } from './ledger.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const entry = (memberId: number, sourceId: number, hours: number, over: Partial<LedgerEntryInput> = {}) => ({
  memberId,
  year: YEAR,
  sourceType: 'adjustment' as const,
  sourceId,
  hoursHundredths: hours,
  bucket: 'online_elective' as const,
  ethics: false,
  createdBy: 'test',
  postedAt: new Date(),
  ...over,
});

async function standing(memberId: number) {
  const { rows } = await t.deps.db.execute<Record<string, unknown>>(sql`
    SELECT bucket, ethics, hundredths, entries FROM hour_standing
    WHERE member_id = ${memberId} AND year = ${YEAR} ORDER BY bucket, ethics`);
  return rows.map((r) => [r.bucket, r.ethics, Number(r.hundredths), Number(r.entries)]);
}

async function ledgerSums(memberId: number) {
  const { rows } = await t.deps.db.execute<Record<string, unknown>>(sql`
    SELECT bucket, ethics, SUM(hours_hundredths)::int AS hundredths, COUNT(*)::int AS entries
    FROM hour_ledger WHERE member_id = ${memberId} AND year = ${YEAR}
    GROUP BY bucket, ethics ORDER BY bucket, ethics`);
  return rows.map((r) => [r.bucket, r.ethics, Number(r.hundredths), Number(r.entries)]);
}

const sourceIds = (() => {
  let next = 9_000_000 + Math.floor(Math.random() * 1_000_000);
  return () => next++;
})();

describe('the per-member-year standing kept by the ledger trigger', () => {
  it('adds every appended entry to its bucket, reversals included, and skips a source posted twice', async () => {
    const m = await makeMember(t, { login: false });
    const first = sourceIds();
    await appendEntry(t.deps.db, entry(m.id, first, 150));
    await appendEntry(t.deps.db, entry(m.id, sourceIds(), 75, { ethics: true, bucket: 'online_required' }));
    await appendEntry(t.deps.db, entry(m.id, sourceIds(), -50));
    expect(await appendEntry(t.deps.db, entry(m.id, first, 150))).toBe(false);
    expect(await standing(m.id)).toEqual([
      ['online_elective', false, 100, 2],
      ['online_required', true, 75, 1],
    ]);
    expect(await standing(m.id)).toEqual(await ledgerSums(m.id));
  });

  it('stays equal to the ledger when many entries land in one statement and in concurrent transactions', async () => {
    const members = [await makeMember(t, { login: false }), await makeMember(t, { login: false })];
    const ids = Array.from({ length: 40 }, () => sourceIds());
    await Promise.all(
      ids.map((id, i) =>
        t.deps.db.transaction((tx) =>
          appendEntry(tx, entry(members[i % 2]!.id, id, 25 + i, { ethics: i % 3 === 0 })),
        ),
      ),
    );
    for (const m of members) expect(await standing(m.id)).toEqual(await ledgerSums(m.id));
  });

  it('adds nothing when the appending transaction rolls back', async () => {
    const m = await makeMember(t, { login: false });
    await expect(
      t.deps.db.transaction(async (tx) => {
        await appendEntry(tx, entry(m.id, sourceIds(), 300));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await standing(m.id)).toEqual([]);
  });
});
