import type { Deps } from '../../deps.ts';
import { postNextBatch, postNextIntegrationBatch } from './sync.repository.ts';

export interface SyncOptions {
  batchSize?: number;
  /** called after each committed batch (tests pause here to kill the process mid-run) */
  onBatch?: (batch: { selected: number; posted: number }) => Promise<void> | void;
}

/**
 * The daily sync: posts every evaluated lesson completion and every accepted integration record not yet
 * in the hour ledger, exactly once. Each entry records the version of its year's rule data in force when
 * it is posted (the same statement reads it). Each batch is one statement, committed on its own. Both
 * sources are read from their pending rows only (marked synced in that statement), so a run costs in
 * proportion to the day's new ones; a run killed midway leaves whole batches for the next run to
 * continue after. Two runs at once skip each other's locked batches, and the unique key
 * (source_type, source_id) stays the final guard (INV-2).
 */
export async function syncLessonHours(deps: Deps, opts: SyncOptions = {}) {
  const { db, clock } = deps;
  const batchSize = opts.batchSize ?? deps.config.SYNC_BATCH_SIZE;
  let posted = 0;
  let batches = 0;
  // Each source in keyset order of its pending ids within a run: those left pending (closed year, no
  // rules yet) are passed over, not read again by the same run.
  for (const postBatch of [postNextBatch, postNextIntegrationBatch]) {
    for (let cursor = 0; ; ) {
      const batch = await postBatch(db, cursor, batchSize, clock.now());
      if (batch.selected === 0) break;
      cursor = batch.lastId;
      posted += batch.posted;
      batches += 1;
      await opts.onBatch?.({ selected: batch.selected, posted: batch.posted });
      if (batch.selected < batchSize) break;
    }
  }
  return { posted, batches };
}
