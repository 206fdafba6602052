import type { Deps } from '../../deps.ts';
import { postNextBatch } from './sync.repository.ts';

export interface SyncOptions {
  batchSize?: number;
  /** called after each committed batch (tests pause here to kill the process mid-run) */
  onBatch?: (batch: { selected: number; posted: number }) => Promise<void> | void;
}

/**
 * The daily sync: posts every evaluated lesson completion not yet in the hour ledger, exactly once.
 * Each entry records the version of its year's rule data in force when it is posted (the same
 * statement reads it). Each batch is one statement, committed on its own, that reads only pending
 * evaluations (marked synced in that statement), so a run costs in proportion to the new evaluations,
 * and a run killed midway leaves whole batches for the next run to continue after. Two runs at once
 * skip each other's locked batches, and the unique key (source_type, source_id) stays the final guard
 * (INV-2).
 */
export async function syncLessonHours(deps: Deps, opts: SyncOptions = {}) {
  const { db, clock } = deps;
  const batchSize = opts.batchSize ?? deps.config.SYNC_BATCH_SIZE;
  // Keyset over evaluation ids within a run: evaluations left pending (closed year, no rules yet) are
  // passed over, not read again by the same run.
  let cursor = 0;
  let posted = 0;
  let batches = 0;
  for (;;) {
    const batch = await postNextBatch(db, cursor, batchSize, clock.now());
    if (batch.selected === 0) break;
    cursor = batch.lastId;
    posted += batch.posted;
    batches += 1;
    await opts.onBatch?.({ selected: batch.selected, posted: batch.posted });
    if (batch.selected < batchSize) break;
  }
  return { posted, batches };
}
