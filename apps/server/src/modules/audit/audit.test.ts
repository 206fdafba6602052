import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { deleteAuditBefore, recordAudit } from './audit.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const list = (cookie: string, query: string) =>
  t.app.inject({ url: `/api/admin/audit?${query}`, headers: { cookie } });

async function refusal(statement: SQL) {
  try {
    await t.deps.db.execute(statement);
    return 'accepted';
  } catch (e) {
    const chain = [e, (e as { cause?: unknown }).cause].map((x) => String((x as Error)?.message ?? ''));
    return chain.join(' ');
  }
}

describe('audit view', () => {
  it('filters by actor, action, target and date for the national and the system admin', async () => {
    const national = await makeStaff(t);
    const system = await makeStaff(t, { role: 'system_admin' });
    const tag = `probe-${Math.random().toString(36).slice(2, 8)}`;
    await recordAudit(t.deps.db, {
      at: new Date('2024-02-01T04:00:00Z'),
      actorType: 'staff',
      actorName: `${tag}-alice`,
      action: `${tag}.publish`,
      target: 'rules/2024',
      result: 'success',
    });
    await recordAudit(t.deps.db, {
      at: new Date('2024-02-03T04:00:00Z'),
      actorType: 'staff',
      actorName: `${tag}-bob`,
      action: `${tag}.export`,
      target: 'export:9',
      result: 'success',
    });
    for (const cookie of [national.cookie, system.cookie]) {
      const byActor = (await list(cookie, `actor=${tag}-alice`)).json();
      expect(byActor.rows.map((r: { action: string }) => r.action)).toEqual([`${tag}.publish`]);
      const byAction = (await list(cookie, `action=${tag}`)).json();
      expect(byAction.total).toBe(2);
      expect(byAction.rows[0].action).toBe(`${tag}.export`); // newest first
      const byTarget = (await list(cookie, `action=${tag}&target=export`)).json();
      expect(byTarget.total).toBe(1);
      const byDate = (await list(cookie, `action=${tag}&from=2024-02-02&to=2024-02-03`)).json();
      expect(byDate.rows.map((r: { actorName: string }) => r.actorName)).toEqual([`${tag}-bob`]);
    }
  });

  it('is closed to provincial reviewers, institute admins and members', async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    const institute = await makeStaff(t, { role: 'institute_admin' });
    const member = await makeMember(t);
    for (const cookie of [reviewer.cookie, institute.cookie, member.cookie]) {
      expect((await list(cookie, '')).statusCode).toBe(403);
    }
    expect((await list('', '')).statusCode).toBe(401);
  });
});

describe('audit log is append-only (LOG-1)', () => {
  it('refuses UPDATE, DELETE and TRUNCATE outside the retention path', async () => {
    await recordAudit(t.deps.db, {
      at: new Date('2020-01-01T00:00:00Z'),
      actorType: 'system',
      action: 'test.ancient',
      result: 'success',
    });
    expect(await refusal(sql`UPDATE audit_log SET action = 'x' WHERE action = 'test.ancient'`)).toMatch(
      /append-only/,
    );
    expect(await refusal(sql`DELETE FROM audit_log WHERE action = 'test.ancient'`)).toMatch(/append-only/);
    expect(await refusal(sql`TRUNCATE audit_log`)).toMatch(/append-only/);
    // even the retention path cannot remove rows younger than the 184-day minimum
    await recordAudit(t.deps.db, {
      at: new Date(),
      actorType: 'system',
      action: 'test.fresh',
      result: 'success',
    });
    await expect(deleteAuditBefore(t.deps.db, new Date(Date.now() + 86_400_000))).rejects.toThrow();
  });

  it('lets the retention path remove rows past the retention period only', async () => {
    await recordAudit(t.deps.db, {
      at: new Date('2019-06-01T00:00:00Z'),
      actorType: 'system',
      action: 'test.expired',
      result: 'success',
    });
    const removed = await deleteAuditBefore(t.deps.db, new Date('2019-12-31T00:00:00Z'));
    expect(removed).toBeGreaterThanOrEqual(1);
    const { rows } = await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.expired'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
