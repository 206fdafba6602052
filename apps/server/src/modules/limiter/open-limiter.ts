import type { Deps } from '../../deps.ts';
import type { Limiter } from './limiter.ts';
import { postgresLimiter } from './postgres-limiter.ts';
import { redisLimiter } from './redis-limiter.ts';

/** Redis when REDIS_URL is set, else the database every process already shares. */
export function openLimiter(deps: Deps): Promise<Limiter> {
  return deps.config.REDIS_URL
    ? redisLimiter(deps.config.REDIS_URL, deps.clock)
    : Promise.resolve(postgresLimiter(deps.database, deps.clock));
}
