import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/client.ts';
import { countHit, deleteExpiredHits } from './limiter.repository.ts';
import { decide, type Limiter, windowSlot } from './limiter.ts';

const SWEEP_EVERY_HITS = 500;

/** Counters in the `rate_limit_hits` table: shared by every process on the database. */
export function postgresLimiter(database: Database, clock: Clock): Limiter {
  let hits = 0;
  return {
    backend: 'postgres',
    async hit(key, rule) {
      const slot = windowSlot(clock, rule.windowMs);
      const expiresAt = new Date(slot.start.getTime() + 2 * rule.windowMs);
      const counts = await countHit(database, key, slot.start, slot.previousStart, expiresAt);
      if (++hits % SWEEP_EVERY_HITS === 0) await deleteExpiredHits(database.db, clock.now());
      return decide(counts, slot, rule);
    },
    async close() {},
  };
}
