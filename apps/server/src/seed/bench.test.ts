import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { YEAR } from '../../test/learning.ts';
import type { Db } from '../db/client.ts';
import { seedBench } from './bench.ts';

let t: TestApp;
let range: { from: number; to: number };
beforeAll(async () => {
  t = await buildTestApp();
  const members = 600;
  const seeded = await seedBench(t.deps.database, {
    members,
    seed: 7,
    year: YEAR,
    years: 2,
    unposted: 40,
    argon2: { memoryCost: t.deps.config.ARGON2_MEMORY_KIB, timeCost: t.deps.config.ARGON2_TIME_COST },
  });
  range = { from: seeded.memberBase + 1, to: seeded.memberBase + members };
}, 300_000);
afterAll(() => t.close());

const count = async (db: Db, query: ReturnType<typeof sql>) =>
  Number((await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (${query}) q`)).rows[0]!.n);

const ofSeed = () => sql.raw(`BETWEEN ${range.from} AND ${range.to}`);

describe('bench seed', () => {
  it('files claims and exemptions in proportion, each approved one with its ledger entry', async () => {
    const db = t.deps.db;
    const { rows } = await db.execute<Record<string, number>>(sql`
      SELECT (SELECT count(DISTINCT (member_id, year)) FROM output_claims WHERE member_id ${ofSeed()})::int AS claimants,
             (SELECT count(*) FROM output_claims WHERE member_id ${ofSeed()} AND status = 'approved')::int AS approved,
             (SELECT count(*) FROM output_claims WHERE member_id ${ofSeed()} AND status <> 'approved')::int AS others,
             (SELECT count(*) FROM exemption_requests WHERE member_id ${ofSeed()})::int AS exemptions`);
    const r = rows[0]!;
    // 600 members over 2 years: ~15% of member-years claim, ~2% are exempted
    expect(Number(r.claimants)).toBeGreaterThan(120);
    expect(Number(r.claimants)).toBeLessThan(240);
    expect(Number(r.approved)).toBeGreaterThan(Number(r.others));
    expect(Number(r.exemptions)).toBeGreaterThan(5);
    expect(Number(r.exemptions)).toBeLessThan(50);
    // approved <=> a ledger entry of the granted hours
    expect(
      await count(
        db,
        sql`SELECT c.id FROM output_claims c
            FULL JOIN (SELECT * FROM hour_ledger WHERE source_type = 'claim') h ON h.source_id = c.id
            WHERE (c.member_id ${ofSeed()} OR h.member_id ${ofSeed()})
              AND (c.status IS DISTINCT FROM 'approved' AND h.id IS NOT NULL
                   OR c.status = 'approved' AND (h.id IS NULL OR h.hours_hundredths <> c.granted_hundredths))`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT x.id FROM exemption_requests x
            LEFT JOIN hour_ledger h ON h.source_type = 'exemption' AND h.source_id = x.id
            WHERE x.member_id ${ofSeed()} AND (x.status = 'approved') <> (h.id IS NOT NULL)`,
      ),
    ).toBe(0);
  });

  it('gives every fee payment one paid order, with a few closed and pending ones', async () => {
    const db = t.deps.db;
    const { rows } = await db.execute<Record<string, number>>(sql`
      SELECT (SELECT count(*) FROM fee_payments WHERE member_id ${ofSeed()})::int AS fees,
             (SELECT count(*) FROM payment_orders WHERE member_id ${ofSeed()} AND status = 'paid')::int AS paid,
             (SELECT count(*) FROM payment_orders WHERE member_id ${ofSeed()} AND status = 'closed')::int AS closed,
             (SELECT count(*) FROM payment_orders WHERE member_id ${ofSeed()} AND status = 'pending')::int AS pending`);
    const r = rows[0]!;
    expect(Number(r.fees)).toBeGreaterThan(100);
    expect(Number(r.paid)).toBe(Number(r.fees));
    expect(Number(r.closed)).toBeGreaterThan(0);
    expect(Number(r.closed)).toBeLessThan(Number(r.fees) / 10);
    expect(Number(r.pending)).toBeGreaterThan(0);
    expect(
      await count(
        db,
        sql`SELECT f.id FROM fee_payments f
            LEFT JOIN payment_orders o ON o.member_id = f.member_id AND o.year = f.year AND o.status = 'paid'
            WHERE f.member_id ${ofSeed()} AND (o.id IS NULL OR o.paid_at <> f.paid_at)`,
      ),
    ).toBe(0);
  });

  it('keeps the standing equal to the ledger sums and marks the posted evaluations synced', async () => {
    const db = t.deps.db;
    expect(
      await count(
        db,
        sql`SELECT 1 FROM (SELECT member_id, year, bucket, ethics, sum(hours_hundredths)::int AS h, count(*)::int AS n
                             FROM hour_ledger WHERE member_id ${ofSeed()} GROUP BY 1, 2, 3, 4) l
            FULL JOIN (SELECT * FROM hour_standing WHERE member_id ${ofSeed()}) s
              USING (member_id, year, bucket, ethics)
            WHERE l.h IS DISTINCT FROM s.hundredths OR l.n IS DISTINCT FROM s.entries`,
      ),
    ).toBe(0);
    const { rows } = await db.execute<Record<string, number>>(sql`
      SELECT count(*) FILTER (WHERE e.synced_at IS NULL)::int AS pending,
             count(*) FILTER (WHERE (e.synced_at IS NULL) = (h.id IS NULL))::int AS consistent,
             count(*)::int AS total
      FROM lesson_evaluations e
      LEFT JOIN hour_ledger h ON h.source_type = 'lesson' AND h.source_id = e.id
      WHERE e.member_id ${ofSeed()}`);
    expect(Number(rows[0]!.pending)).toBe(40);
    expect(Number(rows[0]!.consistent)).toBe(Number(rows[0]!.total));
    const buckets = await db.execute<{ bucket: string }>(
      sql`SELECT DISTINCT bucket FROM hour_standing WHERE member_id ${ofSeed()} ORDER BY bucket`,
    );
    expect(buckets.rows.map((b) => b.bucket)).toEqual([
      'exemption',
      'face_to_face',
      'online_elective',
      'online_required',
      'output',
    ]);
  });
});
