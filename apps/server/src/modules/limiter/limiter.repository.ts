import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { WindowCounts } from './limiter.ts';

/** Counts one hit in the key's window (atomic upsert) and reads the window before it. */
export async function countHit(
  db: Executor,
  bucket: string,
  windowStart: Date,
  previousStart: Date,
  expiresAt: Date,
): Promise<WindowCounts> {
  const r = await db.execute<{ current: number; previous: number }>(sql`
    WITH hit AS (
      INSERT INTO rate_limit_hits (bucket, window_start, hits, expires_at)
      VALUES (${bucket}, ${windowStart.toISOString()}::timestamptz, 1, ${expiresAt.toISOString()}::timestamptz)
      ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
      RETURNING hits)
    SELECT hit.hits AS current,
           COALESCE((SELECT hits FROM rate_limit_hits
                      WHERE bucket = ${bucket} AND window_start = ${previousStart.toISOString()}::timestamptz), 0) AS previous
      FROM hit`);
  const row = r.rows[0];
  return { current: Number(row?.current ?? 0), previous: Number(row?.previous ?? 0) };
}

export const deleteExpiredHits = (db: Executor, now: Date) =>
  db.execute(sql`DELETE FROM rate_limit_hits WHERE expires_at < ${now.toISOString()}::timestamptz`);
