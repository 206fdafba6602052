import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/database.ts';
import { FixedClock } from '../../clock.ts';
import type { Database } from '../../db/client.ts';
import type { Limiter } from './limiter.ts';
import { postgresLimiter } from './postgres-limiter.ts';
import { redisLimiter } from './redis-limiter.ts';

const rule = { max: 3, windowMs: 60_000 };
const key = () => `test:${randomBytes(6).toString('hex')}`;

/** The same behaviour from each backend. */
function behaves(name: string, open: (clock: FixedClock) => Promise<Limiter>) {
  describe(name, () => {
    it('allows max hits per window, counts the refused ones, and slides instead of resetting', async () => {
      // 10 s into a window
      const clock = new FixedClock(new Date(Math.floor(Date.UTC(2024, 2, 15) / 60_000) * 60_000 + 10_000));
      const limiter = await open(clock);
      try {
        const k = key();
        const first = [];
        for (let i = 0; i < 5; i++) first.push(await limiter.hit(k, rule));
        expect(first.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
        expect(first[3]!.retryAfterSeconds).toBeGreaterThan(0);
        // Just past the boundary the previous window still weighs in: 5 x (1 - 0.1) + 1 > 3.
        clock.advance(56_000);
        expect((await limiter.hit(k, rule)).allowed).toBe(false);
        // Two windows later the key is free again.
        clock.advance(120_000);
        expect((await limiter.hit(k, rule)).allowed).toBe(true);
      } finally {
        await limiter.close();
      }
    });

    it('counts parallel hits exactly (atomic increments)', async () => {
      const limiter = await open(new FixedClock(new Date('2024-03-15T02:00:30Z')));
      try {
        const k = key();
        const decisions = await Promise.all(
          Array.from({ length: 20 }, () => limiter.hit(k, { max: 7, windowMs: 60_000 })),
        );
        expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
      } finally {
        await limiter.close();
      }
    });
  });
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

behaves('PostgreSQL limiter', async (clock) => postgresLimiter(database, clock));

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) behaves('Redis limiter', (clock) => redisLimiter(redisUrl, clock));
else console.log('Redis limiter tests not run: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run them');

describe('Redis limiter start', () => {
  it('fails with a line naming REDIS_URL when Redis cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    await expect(redisLimiter(`redis://127.0.0.1:${closed}`, new FixedClock(new Date()))).rejects.toThrow(
      /^REDIS_URL: cannot connect to Redis/,
    );
  });
});
