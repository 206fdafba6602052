import type { Deps } from '../../deps.ts';
import { postIntegrationEntries, postNextBatch, unpostedIntegrationIds } from './sync.repository.ts';

export interface SyncOptions {
  batchSize?: number;
  /** called after each committed batch (tests pause here to kill the process mid-run) */
  onBatch?: (batch: { selected: number; posted: number }) => Promise<void> | void;
}

/**
 * The daily sync: posts every evaluated lesson completion and every accepted integration record not yet
 * in the hour ledger, exactly once. Each entry records the version of its year's rule data in force when
 * it is posted (the same statement reads it). Each batch is one statement, committed on its own. Lessons
 * are read from the pending evaluations only (marked synced in that statement), so a run costs in
 * proportion to the new evaluations; a run killed midway leaves whole batches for the next run to
 * continue after. Two runs at once skip each other's locked batches, and the unique key
 * (source_type, source_id) stays the final guard (INV-2).
 */
export async function syncLessonHours(deps: Deps, opts: SyncOptions = {}) {
  const { db, clock } = deps;
  const batchSize = opts.batchSize ?? deps.config.SYNC_BATCH_SIZE;
  let posted = 0;
  let batches = 0;
  const counted = async (selected: number, inserted: number) => {
    posted += inserted;
    batches += 1;
    await opts.onBatch?.({ selected, posted: inserted });
  };
  // Keyset over evaluation ids within a run: evaluations left pending (closed year, no rules yet) are
  // passed over, not read again by the same run.
  for (let cursor = 0; ; ) {
    const batch = await postNextBatch(db, cursor, batchSize, clock.now());
    if (batch.selected === 0) break;
    cursor = batch.lastId;
    await counted(batch.selected, batch.posted);
    if (batch.selected < batchSize) break;
  }
  // Integration records, in keyset pages of the ids not yet in the ledger.
  for (let cursor = 0; ; ) {
    const ids = await unpostedIntegrationIds(db, cursor, batchSize);
    if (ids.length === 0) break;
    cursor = ids[ids.length - 1]!;
    await counted(ids.length, await postIntegrationEntries(db, ids[0]!, cursor, clock.now()));
    if (ids.length < batchSize) break;
  }
  return { posted, batches };
}
