import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';

export interface SyncOptions {
  batchSize?: number;
  /** called after each committed batch (tests pause here to kill the process mid-run) */
  onBatch?: (batch: { selected: number; posted: number }) => Promise<void> | void;
}

/**
 * The daily sync: posts every evaluated lesson completion not yet in the hour ledger, exactly once.
 * Each batch is one INSERT ... SELECT ... ON CONFLICT DO NOTHING statement, committed on its own, so a
 * run killed midway leaves whole batches and the next run posts the rest; two runs in parallel skip
 * each other's rows through the unique key (source_type, source_id) (INV-2).
 */
export async function syncLessonHours(deps: Deps, opts: SyncOptions = {}) {
  const { db, clock } = deps;
  const batchSize = opts.batchSize ?? deps.config.SYNC_BATCH_SIZE;
  let cursor = 0;
  let posted = 0;
  let batches = 0;
  for (;;) {
    // Keyset over evaluation ids: each batch starts after the last one seen, skipping posted sources.
    const { rows: picked } = await db.execute<{ id: number | string }>(sql`
      SELECT e.id FROM lesson_evaluations e
      WHERE e.id > ${cursor}
        AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)
      ORDER BY e.id LIMIT ${batchSize}`);
    if (picked.length === 0) break;
    const ids = picked.map((r) => Number(r.id));
    cursor = ids[ids.length - 1]!;
    const { rows: inserted } = await db.execute(sql`
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        lesson_id, created_by, posted_at)
      SELECT e.member_id, c.year, 'lesson', e.id, l.credit_hundredths,
             CASE c.kind WHEN 'required' THEN 'online_required' ELSE 'online_elective' END, c.ethics,
             l.id, 'daily-sync', ${clock.now().toISOString()}::timestamptz
      FROM lesson_evaluations e
      JOIN lessons l ON l.id = e.lesson_id
      JOIN courses c ON c.id = l.course_id
      WHERE e.id >= ${ids[0]!} AND e.id <= ${cursor}
      ORDER BY e.id
      ON CONFLICT (source_type, source_id) DO NOTHING
      RETURNING id`);
    posted += inserted.length;
    batches += 1;
    await opts.onBatch?.({ selected: ids.length, posted: inserted.length });
    if (picked.length < batchSize) break;
  }
  return { posted, batches };
}

/** Evaluated lessons of a member's year not yet posted: the hours 次日可查询. */
export async function pendingLessonHundredths(deps: Deps, memberId: number, year: number): Promise<number> {
  const { rows } = await deps.db.execute<{ pending: number | string }>(sql`
    SELECT COALESCE(SUM(l.credit_hundredths), 0)::int AS pending
    FROM lesson_evaluations e
    JOIN lessons l ON l.id = e.lesson_id
    JOIN courses c ON c.id = l.course_id
    WHERE e.member_id = ${memberId} AND c.year = ${year}
      AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)`);
  return Number(rows[0]?.pending ?? 0);
}
