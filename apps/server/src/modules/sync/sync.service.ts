import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import {
  postIntegrationEntries,
  postLessonEntries,
  unpostedEvaluationIds,
  unpostedIntegrationIds,
} from './sync.repository.ts';

export interface SyncOptions {
  batchSize?: number;
  /** called after each committed batch (tests pause here to kill the process mid-run) */
  onBatch?: (batch: { selected: number; posted: number }) => Promise<void> | void;
}

/** A source of the daily sync: its unposted ids in keyset pages, and the statement posting a range. */
interface SyncSource {
  unposted: (db: Executor, afterId: number, limit: number) => Promise<number[]>;
  post: (db: Executor, fromId: number, toId: number, postedAt: Date) => Promise<number>;
}

const sources: SyncSource[] = [
  // evaluated lessons
  { unposted: unpostedEvaluationIds, post: postLessonEntries },
  // hour records accepted from institutes' own platforms (integration API)
  { unposted: unpostedIntegrationIds, post: postIntegrationEntries },
];

/**
 * The daily sync: posts every evaluated lesson completion and every accepted integration record not yet
 * in the hour ledger, exactly once. Each entry records the version of its year's rule data in force when
 * it is posted (the same statement reads it). Each batch is one INSERT ... SELECT ... ON CONFLICT DO
 * NOTHING statement, committed on its own, so a run killed midway leaves whole batches and the next run
 * posts the rest; two runs in parallel skip each other's rows through the unique key (source_type,
 * source_id) (INV-2).
 */
export async function syncLessonHours(deps: Deps, opts: SyncOptions = {}) {
  const { db, clock } = deps;
  const batchSize = opts.batchSize ?? deps.config.SYNC_BATCH_SIZE;
  let posted = 0;
  let batches = 0;
  for (const source of sources) {
    let cursor = 0;
    for (;;) {
      // Keyset over source ids: each batch starts after the last one seen, skipping posted sources.
      const ids = await source.unposted(db, cursor, batchSize);
      if (ids.length === 0) break;
      cursor = ids[ids.length - 1]!;
      const inserted = await source.post(db, ids[0]!, cursor, clock.now());
      posted += inserted;
      batches += 1;
      await opts.onBatch?.({ selected: ids.length, posted: inserted });
      if (ids.length < batchSize) break;
    }
  }
  return { posted, batches };
}
