import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../test/app.ts';
import { recordAudit } from '../modules/audit/audit.repository.ts';
import { auditRetention, sessionCleanup } from './housekeeping.ts';
import { runJob } from './runner.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const count = async (table: string) =>
  (await t.deps.db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0]!.n;

describe('housekeeping jobs', () => {
  it('removes sessions past their absolute limit and keeps live ones', async () => {
    await login(t.app, '310000012345');
    t.clock.advance(13 * 3600_000);
    const { cookie } = await login(t.app, '110000054321');
    expect(await runJob(t.deps, sessionCleanup)).toEqual({ deleted: 1 });
    expect(await count('sessions')).toBe(1);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('keeps audit rows for the retention period (at least 184 days) and is safe to run twice', async () => {
    const now = t.clock.now();
    const old = new Date(now.getTime() - 400 * 86_400_000);
    const recent = new Date(now.getTime() - 200 * 86_400_000);
    await recordAudit(t.deps.db, { at: old, actorType: 'system', action: 'test.old', result: 'success' });
    await recordAudit(t.deps.db, {
      at: recent,
      actorType: 'system',
      action: 'test.recent',
      result: 'success',
    });
    const first = await runJob(t.deps, auditRetention);
    expect(first.deleted).toBe(1);
    expect((await runJob(t.deps, auditRetention)).deleted).toBe(0);
    const left = await t.deps.db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE action LIKE 'test.%'`,
    );
    expect(left.rows.map((r) => r.action)).toEqual(['test.recent']);
    expect(await count("job_runs WHERE job = 'audit-retention' AND finished_at IS NOT NULL")).toBe(2);
  });
});
