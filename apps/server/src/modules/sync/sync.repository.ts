import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * One batch of the daily sync in one statement (and so one transaction): the next `limit` pending
 * evaluations after `afterId` (lesson_evaluations_pending_idx: the pending ones only, however large the
 * ledger), locked, their lessons posted into the hour ledger each with the version of its year's rule
 * data in force, and those posted marked synced. A pending evaluation another run holds is skipped (that
 * run posts it); a source already in the ledger is skipped through the unique key (INV-2) and marked.
 * Evaluations of a closed year or of a year without published rules stay pending.
 */
export async function postNextBatch(
  db: Executor,
  afterId: number,
  limit: number,
  postedAt: Date,
): Promise<{ selected: number; lastId: number; posted: number }> {
  const at = postedAt.toISOString();
  const { rows } = await db.execute<{
    selected: number;
    last_id: number | string | null;
    posted: number;
  }>(sql`
    WITH batch AS (
      SELECT e.id, e.member_id, e.lesson_id FROM lesson_evaluations e
      WHERE e.synced_at IS NULL AND e.id > ${afterId}
      ORDER BY e.id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), postable AS (
      SELECT b.id, b.member_id, c.year, l.credit_hundredths, c.kind, c.ethics, l.id AS lesson_id, rv.version
      FROM batch b
      JOIN lessons l ON l.id = b.lesson_id
      JOIN courses c ON c.id = l.course_id
      -- the year's rule data in force now; a year without published rules is not posted
      JOIN (SELECT year, max(version) AS version FROM rule_versions GROUP BY year) rv ON rv.year = c.year
      -- a closed year takes no entries (year close); they are posted once it is re-opened
      WHERE NOT EXISTS (SELECT 1 FROM year_closures y WHERE y.year = c.year AND y.status = 'closed')
    ), posted AS (
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        lesson_id, rule_set_version, created_by, posted_at)
      SELECT p.member_id, p.year, 'lesson', p.id, p.credit_hundredths,
             CASE p.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, p.ethics,
             p.lesson_id, p.version, 'daily-sync', ${at}::timestamptz
      FROM postable p
      ORDER BY p.id
      ON CONFLICT (source_type, source_id) DO NOTHING
      RETURNING 1
    ), synced AS (
      UPDATE lesson_evaluations e SET synced_at = ${at}::timestamptz
      WHERE e.id = ANY (ARRAY(SELECT id FROM postable))
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM batch)::int AS selected, (SELECT max(id) FROM batch) AS last_id,
           (SELECT count(*) FROM posted)::int AS posted`);
  const r = rows[0]!;
  return { selected: Number(r.selected), lastId: Number(r.last_id ?? afterId), posted: Number(r.posted) };
}

/**
 * One batch of institute platform records, as `postNextBatch` does for lessons: the next `limit` pending
 * records after `afterId` (integration_hour_records_pending_idx), locked, posted as online study hours
 * of their institute's catalogue (bucket by kind as for lessons, so the same online caps apply; the
 * titles in `detail`) and marked synced, in one statement. Idempotent through the unique source; records
 * of a closed year or of a year without published rules stay pending.
 */
export async function postNextIntegrationBatch(
  db: Executor,
  afterId: number,
  limit: number,
  postedAt: Date,
): Promise<{ selected: number; lastId: number; posted: number }> {
  const at = postedAt.toISOString();
  const { rows } = await db.execute<{
    selected: number;
    last_id: number | string | null;
    posted: number;
  }>(sql`
    WITH batch AS (
      SELECT r.id FROM integration_hour_records r
      WHERE r.synced_at IS NULL AND r.id > ${afterId}
      ORDER BY r.id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), postable AS (
      SELECT r.*, rv.version
      FROM batch b
      JOIN integration_hour_records r ON r.id = b.id
      JOIN (SELECT year, max(version) AS version FROM rule_versions GROUP BY year) rv ON rv.year = r.year
      WHERE NOT EXISTS (SELECT 1 FROM year_closures y WHERE y.year = r.year AND y.status = 'closed')
    ), posted AS (
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        detail, rule_set_version, created_by, posted_at)
      SELECT p.member_id, p.year, 'integration', p.id, p.hours_hundredths,
             CASE p.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, p.ethics,
             jsonb_build_object('course', p.course_title, 'lesson', p.lesson_title, 'kind', p.kind,
               'instituteId', p.institute_id, 'recordId', p.record_id),
             p.version, 'daily-sync', ${at}::timestamptz
      FROM postable p
      ORDER BY p.id
      ON CONFLICT (source_type, source_id) DO NOTHING
      RETURNING 1
    ), synced AS (
      UPDATE integration_hour_records r SET synced_at = ${at}::timestamptz
      WHERE r.id = ANY (ARRAY(SELECT id FROM postable))
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM batch)::int AS selected, (SELECT max(id) FROM batch) AS last_id,
           (SELECT count(*) FROM posted)::int AS posted`);
  const r = rows[0]!;
  return { selected: Number(r.selected), lastId: Number(r.last_id ?? afterId), posted: Number(r.posted) };
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
