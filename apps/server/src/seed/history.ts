import { sql } from 'drizzle-orm';
import { type Clock, shanghaiYear } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { appendEntry } from '../modules/ledger/ledger.repository.ts';

/** Source ids far above any real training attendance, so the demo's entries never meet a real one. */
const FIRST_SOURCE_ID = 900_000_000;

const LAST_YEAR_TRAININGS = [
  { title: '注册会计师职业道德守则专题面授', hundredths: 800, ethics: true },
  { title: '审计准则与风险导向审计实务面授', hundredths: 3200, ethics: false },
];

/**
 * Last year's record of 李华 (110000054321): two 面授 trainings attended, 40 学时 of which 8 职业道德, so
 * the year is compliant and 学时查询 offers its 学时证明. Idempotent: each entry has a fixed source.
 */
export async function seedDemoHistory(db: Db, clock: Clock) {
  const year = shanghaiYear(clock.now()) - 1;
  const { rows } = await db.execute<{ id: number }>(
    sql`SELECT id FROM members WHERE username = '110000054321'`,
  );
  const memberId = rows[0] ? Number(rows[0].id) : null;
  if (memberId === null) return;
  for (const [i, t] of LAST_YEAR_TRAININGS.entries()) {
    await appendEntry(db, {
      memberId,
      year,
      sourceType: 'training',
      sourceId: FIRST_SOURCE_ID + i,
      hoursHundredths: t.hundredths,
      bucket: 'face_to_face',
      ethics: t.ethics,
      detail: { title: t.title },
      createdBy: 'demo',
      postedAt: new Date(`${year}-11-20T02:00:00Z`),
    });
  }
}
