import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * Up to `limit` evaluation ids after `afterId`, in id order, whose lesson is not yet in the hour
 * ledger: the keyset page of the daily sync.
 */
export async function unpostedEvaluationIds(db: Executor, afterId: number, limit: number): Promise<number[]> {
  const { rows } = await db.execute<{ id: number | string }>(sql`
    SELECT e.id FROM lesson_evaluations e
    WHERE e.id > ${afterId}
      AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)
    ORDER BY e.id LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

/**
 * Posts the lessons of the evaluations with ids in [fromId, toId] into the hour ledger in one
 * statement, each with the version of its year's rule data in force; a source already posted is
 * skipped through the unique key (INV-2). Returns how many entries this call added.
 */
export async function postLessonEntries(
  db: Executor,
  fromId: number,
  toId: number,
  postedAt: Date,
): Promise<number> {
  const { rows } = await db.execute(sql`
    INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
      lesson_id, rule_set_version, created_by, posted_at)
    SELECT e.member_id, c.year, 'lesson', e.id, l.credit_hundredths,
           CASE c.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, c.ethics,
           l.id, rv.version, 'daily-sync', ${postedAt.toISOString()}::timestamptz
    FROM lesson_evaluations e
    JOIN lessons l ON l.id = e.lesson_id
    JOIN courses c ON c.id = l.course_id
    -- the year's rule data in force now; a year without published rules is not posted
    JOIN (SELECT year, max(version) AS version FROM rule_versions GROUP BY year) rv ON rv.year = c.year
    WHERE e.id >= ${fromId} AND e.id <= ${toId}
      -- a closed year takes no entries (year close); they are posted once it is re-opened
      AND NOT EXISTS (SELECT 1 FROM year_closures y WHERE y.year = c.year AND y.status = 'closed')
    ORDER BY e.id
    ON CONFLICT (source_type, source_id) DO NOTHING
    RETURNING id`);
  return rows.length;
}

/** Up to `limit` accepted integration records after `afterId`, in id order, not yet in the hour ledger. */
export async function unpostedIntegrationIds(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const { rows } = await db.execute<{ id: number | string }>(sql`
    SELECT r.id FROM integration_hour_records r
    WHERE r.id > ${afterId}
      AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'integration' AND h.source_id = r.id)
    ORDER BY r.id LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

/**
 * Posts the integration records with ids in [fromId, toId] as online study hours of their institute's
 * catalogue: bucket by kind as for lessons (so the same online caps apply), the titles in `detail`.
 * Idempotent through the unique source like lessons; closed years wait for a re-opening.
 */
export async function postIntegrationEntries(
  db: Executor,
  fromId: number,
  toId: number,
  postedAt: Date,
): Promise<number> {
  const { rows } = await db.execute(sql`
    INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
      detail, rule_set_version, created_by, posted_at)
    SELECT r.member_id, r.year, 'integration', r.id, r.hours_hundredths,
           CASE r.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, r.ethics,
           jsonb_build_object('course', r.course_title, 'lesson', r.lesson_title, 'kind', r.kind,
             'instituteId', r.institute_id, 'recordId', r.record_id),
           rv.version, 'daily-sync', ${postedAt.toISOString()}::timestamptz
    FROM integration_hour_records r
    JOIN (SELECT year, max(version) AS version FROM rule_versions GROUP BY year) rv ON rv.year = r.year
    WHERE r.id >= ${fromId} AND r.id <= ${toId}
      AND NOT EXISTS (SELECT 1 FROM year_closures y WHERE y.year = r.year AND y.status = 'closed')
    ORDER BY r.id
    ON CONFLICT (source_type, source_id) DO NOTHING
    RETURNING id`);
  return rows.length;
}

/** Credit of a member's evaluated lessons of the year not yet posted, in hundredths. */
export async function pendingLessonHundredths(db: Executor, memberId: number, year: number): Promise<number> {
  const { rows } = await db.execute<{ pending: number | string }>(sql`
    SELECT COALESCE(SUM(l.credit_hundredths), 0)::int AS pending
    FROM lesson_evaluations e
    JOIN lessons l ON l.id = e.lesson_id
    JOIN courses c ON c.id = l.course_id
    WHERE e.member_id = ${memberId} AND c.year = ${year}
      AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)`);
  return Number(rows[0]?.pending ?? 0);
}
