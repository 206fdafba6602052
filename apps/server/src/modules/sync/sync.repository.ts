import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Batch = { selected: number; lastId: number; posted: number };

/** How a source's pending rows become ledger entries, given to `postPending`. */
interface Source {
  /** the table whose rows are posted: pending while `synced_at` is null (a partial index on id) */
  table: 'lesson_evaluations' | 'integration_hour_records';
  /** the columns `batch` takes of it (`t`), `id` first */
  batchColumns: SQL;
  /** the postable rows (`id` and the year's rule `version` among them) from `batch` */
  postable: SQL;
  /**
   * Each entry's member_id, year, source_type, source_id, hours_hundredths, bucket, ethics, lesson_id
   * and detail, from a postable row `p`.
   */
  entry: SQL;
}

/**
 * One batch of the daily sync in one statement (and so one transaction): the next `limit` pending rows
 * of the source's table after `afterId` (through its pending index: the pending ones only, however
 * large the ledger), locked; those postable posted into the hour ledger, each with the version of its
 * year's rule data in force; and those postable marked synced. A pending row another run holds is
 * skipped (that run posts it); a source already in the ledger is skipped through the unique key (INV-2)
 * and marked. Rows of a closed year or of a year without published rules stay pending.
 */
async function postPending(
  db: Executor,
  source: Source,
  o: { afterId: number; limit: number; postedAt: Date },
): Promise<Batch> {
  const table = sql.identifier(source.table);
  const at = o.postedAt.toISOString();
  const { rows } = await db.execute<{
    selected: number;
    last_id: number | string | null;
    posted: number;
  }>(sql`
    WITH batch AS (
      SELECT ${source.batchColumns} FROM ${table} t
      WHERE t.synced_at IS NULL AND t.id > ${o.afterId}
      ORDER BY t.id LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED
    ), postable AS (${source.postable}
    ), posted AS (
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        lesson_id, detail, rule_set_version, created_by, posted_at)
      SELECT ${source.entry}, p.version, 'daily-sync', ${at}::timestamptz
      FROM postable p
      ORDER BY p.id
      ON CONFLICT (source_type, source_id) DO NOTHING
      RETURNING 1
    ), synced AS (
      UPDATE ${table} t SET synced_at = ${at}::timestamptz
      WHERE t.id = ANY (ARRAY(SELECT id FROM postable))
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM batch)::int AS selected, (SELECT max(id) FROM batch) AS last_id,
           (SELECT count(*) FROM posted)::int AS posted`);
  const r = rows[0]!;
  return { selected: Number(r.selected), lastId: Number(r.last_id ?? o.afterId), posted: Number(r.posted) };
}

// The year's rule data in force now (its version goes on each entry); a year without published rules
// has no row, so its rows are not posted. A closed year takes no entries (year close): they are posted
// once it is re-opened.
const RULE_VERSION_IN_FORCE = sql`(SELECT year, max(version) AS version FROM rule_versions GROUP BY year)`;
const yearOpen = (year: SQL) =>
  sql`NOT EXISTS (SELECT 1 FROM year_closures y WHERE y.year = ${year} AND y.status = 'closed')`;
const ONLINE_BUCKET = sql`CASE p.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END`;

/** Evaluated lessons: each posts its lesson's credit, bucket by the course's kind. */
const LESSONS: Source = {
  table: 'lesson_evaluations',
  batchColumns: sql`t.id, t.member_id, t.lesson_id`,
  postable: sql`
      SELECT b.id, b.member_id, c.year, l.credit_hundredths, c.kind, c.ethics, l.id AS lesson_id, rv.version
      FROM batch b
      JOIN lessons l ON l.id = b.lesson_id
      JOIN courses c ON c.id = l.course_id
      JOIN ${RULE_VERSION_IN_FORCE} rv ON rv.year = c.year
      WHERE ${yearOpen(sql`c.year`)}`,
  entry: sql`p.member_id, p.year, 'lesson', p.id, p.credit_hundredths, ${ONLINE_BUCKET}, p.ethics,
             p.lesson_id, NULL::jsonb`,
};

/**
 * Records of institutes' own platforms: online study hours of their institute's catalogue, bucket by
 * kind as for lessons (so the same online caps apply), the titles in `detail`.
 */
const INSTITUTE_RECORDS: Source = {
  table: 'integration_hour_records',
  batchColumns: sql`t.id`,
  postable: sql`
      SELECT r.*, rv.version
      FROM batch b
      JOIN integration_hour_records r ON r.id = b.id
      JOIN ${RULE_VERSION_IN_FORCE} rv ON rv.year = r.year
      WHERE ${yearOpen(sql`r.year`)}`,
  entry: sql`p.member_id, p.year, 'integration', p.id, p.hours_hundredths, ${ONLINE_BUCKET}, p.ethics,
             NULL::integer, jsonb_build_object('course', p.course_title, 'lesson', p.lesson_title,
               'kind', p.kind, 'instituteId', p.institute_id, 'recordId', p.record_id)`,
};

export const postNextBatch = (db: Executor, afterId: number, limit: number, postedAt: Date) =>
  postPending(db, LESSONS, { afterId, limit, postedAt });

export const postNextIntegrationBatch = (db: Executor, afterId: number, limit: number, postedAt: Date) =>
  postPending(db, INSTITUTE_RECORDS, { afterId, limit, postedAt });

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
