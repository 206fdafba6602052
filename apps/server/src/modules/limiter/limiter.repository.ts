import { sql } from 'drizzle-orm';
import type { Database, Executor, PreparedStatement } from '../../db/client.ts';
import type { WindowCounts } from './limiter.ts';

const COUNT_HIT: PreparedStatement = {
  name: 'cpe_limiter_hit',
  types: ['text', 'timestamptz', 'timestamptz', 'timestamptz'],
  text: `
    WITH hit AS (
      INSERT INTO rate_limit_hits (bucket, window_start, hits, expires_at)
      VALUES ($1, $2, 1, $4)
      ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
      RETURNING hits)
    SELECT hit.hits AS current,
           COALESCE((SELECT hits FROM rate_limit_hits WHERE bucket = $1 AND window_start = $3), 0) AS previous
      FROM hit`,
};

/**
 * Counts one hit in the key's window (atomic upsert) and reads the window before it; prepared, as every
 * login and captcha request pays it first.
 */
export async function countHit(
  database: Database,
  bucket: string,
  windowStart: Date,
  previousStart: Date,
  expiresAt: Date,
): Promise<WindowCounts> {
  const [row] = await database.prepared<{ current: number; previous: number }>(COUNT_HIT, [
    bucket,
    windowStart,
    previousStart,
    expiresAt,
  ]);
  return { current: Number(row?.current ?? 0), previous: Number(row?.previous ?? 0) };
}

export const deleteExpiredHits = (db: Executor, now: Date) =>
  db.execute(sql`DELETE FROM rate_limit_hits WHERE expires_at < ${now.toISOString()}::timestamptz`);
