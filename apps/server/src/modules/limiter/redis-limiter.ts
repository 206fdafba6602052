import { createClient } from 'redis';
import type { Clock } from '../../clock.ts';
import { decide, type Limiter, windowSlot } from './limiter.ts';

const CONNECT_TIMEOUT_MS = 5_000;

/** Counters in Redis (REDIS_URL): one key per bucket and window, expiring after two windows. */
export async function redisLimiter(url: string, clock: Clock): Promise<Limiter> {
  const client = createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS } });
  client.on('error', () => {}); // reconnects by itself; a failed command rejects the hit instead
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    client.destroy();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(e as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
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
