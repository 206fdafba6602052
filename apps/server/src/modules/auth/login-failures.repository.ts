import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { loginFailures } from '../../db/schema/index.ts';

export type UserKind = 'member' | 'staff';

export interface FailureState {
  failures: number;
  locked: boolean;
}

const key = (kind: UserKind, username: string) =>
  and(eq(loginFailures.userKind, kind), eq(loginFailures.username, username));

/**
 * Counts one failure (atomic upsert, so concurrent failures are all counted) and, for staff, locks the
 * name once the count reaches the threshold.
 */
export async function recordFailure(
  db: Executor,
  kind: UserKind,
  username: string,
  now: Date,
  lockAt: number | null,
): Promise<FailureState> {
  const lock = lockAt ?? 2_147_483_647;
  const r = await db.execute<{ failures: number; locked: boolean }>(sql`
    INSERT INTO login_failures (user_kind, username, failures, last_failure_at, locked)
    VALUES (${kind}, ${username}, 1, ${now.toISOString()}::timestamptz, ${1 >= lock})
    ON CONFLICT (user_kind, username) DO UPDATE
       SET failures = login_failures.failures + 1,
           last_failure_at = EXCLUDED.last_failure_at,
           locked = login_failures.locked OR login_failures.failures + 1 >= ${lock}
    RETURNING failures, locked`);
  const row = r.rows[0];
  return { failures: Number(row?.failures ?? 1), locked: row?.locked === true };
}

/**
 * Takes the name's next attempt slot: true when the previous slowed attempt is at least the pause ago,
 * in one statement so that parallel attempts get one slot between them.
 */
export async function claimAttempt(
  db: Executor,
  kind: UserKind,
  username: string,
  now: Date,
  next: Date,
): Promise<boolean> {
  const rows = await db
    .update(loginFailures)
    .set({ nextAttemptAt: next })
    .where(
      and(
        key(kind, username),
        sql`(${loginFailures.nextAttemptAt} IS NULL OR ${loginFailures.nextAttemptAt} <= ${now.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ failures: loginFailures.failures });
  return rows.length > 0;
}

/** Forgets the name's failures and lifts its lock; true when there was something to forget. */
export async function clearFailures(db: Executor, kind: UserKind, username: string): Promise<boolean> {
  const rows = await db
    .delete(loginFailures)
    .where(key(kind, username))
    .returning({ n: loginFailures.failures });
  return rows.length > 0;
}
