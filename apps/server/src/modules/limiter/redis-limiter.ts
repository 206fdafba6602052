import { createClient } from 'redis';
import type { Clock } from '../../clock.ts';
import { decide, type Limiter, windowSlot } from './limiter.ts';

/** Counters in Redis (REDIS_URL): one key per bucket and window, expiring after two windows. */
export async function redisLimiter(url: string, clock: Clock): Promise<Limiter> {
  const client = createClient({ url });
  client.on('error', () => {}); // reconnects by itself; a failed command rejects the hit instead
  await client.connect();
  return {
    backend: 'redis',
    async hit(key, rule) {
      const slot = windowSlot(clock, rule.windowMs);
      const current = `cpe:limit:${key}:${slot.start.getTime()}`;
      const previous = `cpe:limit:${key}:${slot.previousStart.getTime()}`;
      const [count, , before] = await client
        .multi()
        .incr(current)
        .pExpire(current, 2 * rule.windowMs)
        .get(previous)
        .exec();
      return decide({ current: Number(count), previous: Number(before ?? 0) }, slot, rule);
    },
    async close() {
      await client.quit();
    },
  };
}
