import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { TestApp } from './app.ts';

type Subject = 'member' | 'staff';

/** How many sessions a member or staff account has. */
export async function sessionsOf(t: TestApp, type: Subject, id: number): Promise<number> {
  const { rows } = await t.deps.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM sessions WHERE subject_type = ${type} AND subject_id = ${id}`,
  );
  return Number(rows[0]!.n);
}

/** Brings an account's sessions to their absolute expiry, now. */
export async function expireSessionsOf(t: TestApp, type: Subject, id: number) {
  await t.deps.db.execute(
    sql`UPDATE sessions SET expires_at = ${t.clock.now()} WHERE subject_type = ${type} AND subject_id = ${id}`,
  );
}

/** The answer to a request whose session is gone: 401 and nothing but the reason. */
export function expectUnauthenticated(res: { statusCode: number; json(): unknown }) {
  expect(res.statusCode).toBe(401);
  expect(res.json()).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
}

/** The names of the prepared statements one request runs. */
export async function statementsOf(t: TestApp, request: () => Promise<unknown>): Promise<string[]> {
  const prepared = vi.spyOn(t.deps.database, 'prepared');
  try {
    await request();
    return prepared.mock.calls.map(([stmt]) => stmt.name);
  } finally {
    prepared.mockRestore();
  }
}
