import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { ARTICLE_DETAILS, submittedClaim } from '../../../test/claims.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { learningNow, YEAR } from '../../../test/learning.ts';
import { giveHours } from '../../../test/oversight.ts';
import { createOrder, makePayer, orderState, payAtCashier } from '../../../test/payment.ts';
import { shanghaiDate } from '../../clock.ts';
import { readXlsxRows } from '../../documents/xlsx.ts';
import { hoursService } from '../hours/hours.service.ts';
import { reportService } from '../report/report.service.ts';
import { rulesService } from '../rules/rules.service.ts';
import { exportService } from './export.service.ts';
import { findExportDefinition } from './registry.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp(
    {
      EXPORT_DIR: mkdtempSync(join(tmpdir(), 'cpe-exports-')),
      EVIDENCE_DIR: mkdtempSync(join(tmpdir(), 'cpe-evidence-')),
    },
    learningNow(),
  );
});
afterAll(() => t.close());

const request = (cookie: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/exports', headers: { cookie }, payload });

/** Waits for the export the request started in the background (no timing assertion: a bounded poll). */
async function finished(cookie: string, id: number) {
  for (let i = 0; i < 600; i++) {
    const job = (await t.app.inject({ url: `/api/exports/${id}`, headers: { cookie } })).json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`export ${id} did not finish`);
}

async function download(cookie: string, id: number, report: string) {
  const res = await t.app.inject({ url: `/api/exports/${id}/file`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return readXlsxRows(res.rawPayload, findExportDefinition(report)!.columns);
}

describe('export jobs', () => {
  it('exports the compliance list in the background with progress, a download, and audit rows', async () => {
    const admin = await makeStaff(t);
    const member = await makeMember(t, { memberType: 'non_practicing', login: false });
    await giveHours(t, member.id, { online: 40 });
    const rules = rulesService(t.deps);
    await reportService(t.deps, rules, hoursService(t.deps, rules)).refresh(YEAR);

    const res = await request(admin.cookie, {
      report: 'compliance',
      filters: { year: YEAR, status: 'compliant' },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    const job = await finished(admin.cookie, id);
    expect(job).toMatchObject({ status: 'done', progress: 100, report: 'compliance' });
    const rows = await download(admin.cookie, id, 'compliance');
    expect(rows.length).toBe(job.rows);
    expect(rows.map((r) => r.values.username)).toContain(member.username);
    expect(rows.every((r) => r.values.status === '已完成')).toBe(true);

    const { rows: audit } = await t.deps.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE target = ${`export:${id}`} AND actor_id = ${admin.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['export.request', 'export.download']);
  });

  it("keeps a provincial reviewer's members export to their province and masks ID and mobile numbers", async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '31' });
    const sh = await makeMember(t, { province: '31', login: false });
    const bj = await makeMember(t, { province: '11', login: false });
    const { id } = (await request(reviewer.cookie, { report: 'members', filters: {} })).json();
    expect((await finished(reviewer.cookie, id)).status).toBe('done');
    const rows = await download(reviewer.cookie, id, 'members');
    const usernames = rows.map((r) => r.values.username);
    expect(usernames).toContain(sh.username);
    expect(usernames).not.toContain(bj.username);
    expect(rows.every((r) => r.values.province === '上海')).toBe(true);
    expect(rows.every((r) => /\*{4}/.test(r.values.mobile ?? ''))).toBe(true);
    // a province the reviewer does not hold is refused outright
    expect(
      (await request(reviewer.cookie, { report: 'members', filters: { province: '11' } })).statusCode,
    ).toBe(403);
  });

  it('lets only the requester read an export, and each role export only its reports', async () => {
    const admin = await makeStaff(t);
    const other = await makeStaff(t);
    const systemAdmin = await makeStaff(t, { role: 'system_admin' });
    const instituteAdmin = await makeStaff(t, { role: 'institute_admin' });
    const member = await makeMember(t);
    const { id } = (await request(admin.cookie, { report: 'audit', filters: {} })).json();
    await finished(admin.cookie, id);
    expect(
      (await t.app.inject({ url: `/api/exports/${id}`, headers: { cookie: other.cookie } })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/exports/${id}/file`, headers: { cookie: other.cookie } })).statusCode,
    ).toBe(404);
    const bySystemAdmin = await request(systemAdmin.cookie, { report: 'audit', filters: {} });
    expect(bySystemAdmin.statusCode).toBe(201);
    expect((await finished(systemAdmin.cookie, bySystemAdmin.json().id)).status).toBe('done');
    expect((await request(systemAdmin.cookie, { report: 'compliance', filters: {} })).statusCode).toBe(403);
    expect((await request(instituteAdmin.cookie, { report: 'members', filters: {} })).statusCode).toBe(403);
    expect((await request(member.cookie, { report: 'members', filters: {} })).statusCode).toBe(403);
    expect((await request(admin.cookie, { report: 'payments', filters: {} })).statusCode).toBe(400);
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    expect((await request(reviewer.cookie, { report: 'orders', filters: {} })).statusCode).toBe(403);
  });

  it("lists the caller's own exports for 我的导出, newest first, the latest 20 only", async () => {
    const admin = await makeStaff(t);
    const other = await makeStaff(t);
    const at = t.clock.now().toISOString();
    // 21 earlier exports that already failed (so no worker picks them up), then one through the API
    const { rows } = await t.deps.db.execute<{ id: number }>(sql`
      INSERT INTO exports (report, filters, requested_by, requested_at, status, error, finished_at)
      SELECT 'members', '{}'::jsonb, ${admin.id}, ${at}::timestamptz, 'failed', '导出失败，请稍后重试',
        ${at}::timestamptz
      FROM generate_series(1, 21)
      RETURNING id`);
    const earlier = rows.map((r) => Number(r.id)).sort((a, b) => b - a);
    const others = (await request(other.cookie, { report: 'audit', filters: {} })).json().id;
    const latest = (await request(admin.cookie, { report: 'audit', filters: {} })).json().id;
    await finished(admin.cookie, latest);
    await finished(other.cookie, others);

    const mine = await t.app.inject({ url: '/api/exports', headers: { cookie: admin.cookie } });
    expect(mine.statusCode).toBe(200);
    const jobs = mine.json() as { id: number }[];
    expect(jobs.map((j) => j.id)).toEqual([latest, ...earlier.slice(0, 19)]);
    expect(jobs[0]).toMatchObject({ report: 'audit', status: 'done', progress: 100, error: null });
    expect(jobs[0]).toHaveProperty('finishedAt', expect.any(String));
    expect(jobs[1]).toEqual({
      id: earlier[0],
      report: 'members',
      status: 'failed',
      progress: 0,
      rows: 0,
      error: '导出失败，请稍后重试',
      requestedAt: at,
      finishedAt: at,
    });
    const theirs = await t.app.inject({ url: '/api/exports', headers: { cookie: other.cookie } });
    expect(theirs.json().map((j: { id: number }) => j.id)).toEqual([others]);

    // whoever may not export has no list either
    const instituteAdmin = await makeStaff(t, { role: 'institute_admin' });
    const member = await makeMember(t);
    for (const cookie of [instituteAdmin.cookie, member.cookie]) {
      expect((await t.app.inject({ url: '/api/exports', headers: { cookie } })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/exports' })).statusCode).toBe(401);
  });

  it("exports 交费 orders with their amounts and states, filtered by the request's status", async () => {
    const admin = await makeStaff(t);
    const pending = (await createOrder(t, (await makePayer(t)).cookie)).json();
    const paid = (await createOrder(t, (await makePayer(t)).cookie)).json();
    expect((await payAtCashier(t, paid.codeUrl)).statusCode).toBeLessThan(400);
    expect((await orderState(t, paid.orderNo))?.status).toBe('paid');

    const all = (await request(admin.cookie, { report: 'orders', filters: { year: YEAR } })).json();
    expect((await finished(admin.cookie, all.id)).status).toBe('done');
    const rows = await download(admin.cookie, all.id, 'orders');
    const byNo = new Map(rows.map((r) => [r.values.orderNo, r.values]));
    expect(byNo.get(paid.orderNo)).toMatchObject({ status: '已支付', amount: '80.00', year: String(YEAR) });
    expect(byNo.get(pending.orderNo)).toMatchObject({ status: '待支付', paidAt: '' });

    const onlyPaid = (await request(admin.cookie, { report: 'orders', filters: { status: 'paid' } })).json();
    expect((await finished(admin.cookie, onlyPaid.id)).status).toBe('done');
    const paidRows = await download(admin.cookie, onlyPaid.id, 'orders');
    expect(paidRows.map((r) => r.values.orderNo)).toContain(paid.orderNo);
    expect(paidRows.map((r) => r.values.orderNo)).not.toContain(pending.orderNo);
  });

  it('runs each queued export exactly once when several workers run at the same time', async () => {
    const admin = await makeStaff(t);
    const at = t.clock.now().toISOString();
    const { rows } = await t.deps.db.execute<{ id: number }>(sql`
      INSERT INTO exports (report, filters, requested_by, requested_at)
      SELECT 'audit', '{}'::jsonb, ${admin.id}, ${at}::timestamptz FROM generate_series(1, 4)
      RETURNING id`);
    const results = await Promise.all([1, 2, 3].map(() => exportService(t.deps).runPending()));
    const ids = rows.map((r) => Number(r.id));
    const { rows: states } = await t.deps.db.execute<{ status: string }>(
      sql`SELECT status FROM exports WHERE id = ANY(${sql.raw(`ARRAY[${ids.join(',')}]`)})`,
    );
    expect(states.every((s) => s.status === 'done')).toBe(true);
    expect(results.reduce((n, r) => n + r.done, 0)).toBe(4);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
  });

  it('exports claims with member, item, hours, Chinese status, dates and reviewer, filtered by status', async () => {
    const admin = await makeStaff(t);
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '31', name: '审核员甲' });
    const member = await makeMember(t, { name: '钱七' });
    const title = `审计质量研究${Math.random().toString(36).slice(2)}`;
    const approved = await submittedClaim(t.app, member.cookie, { details: ARTICLE_DETAILS(title) });
    const waiting = await submittedClaim(t.app, member.cookie);
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/review/claims/${approved}/approve`,
      headers: { cookie: reviewer.cookie },
      payload: { hours: 6.5, comment: '材料齐全' },
    });
    expect(decided.statusCode, decided.body).toBe(200);

    const all = (await request(admin.cookie, { report: 'claims', filters: { year: YEAR } })).json();
    expect((await finished(admin.cookie, all.id)).status).toBe('done');
    const byId = new Map(
      (await download(admin.cookie, all.id, 'claims')).map((r) => [r.values.id, r.values]),
    );
    const today = shanghaiDate(t.clock.now());
    expect(byId.get(String(approved))).toEqual({
      id: String(approved),
      username: member.username,
      name: '钱七',
      province: '上海',
      year: String(YEAR),
      item: '18-9b 第十八条（九）b 项',
      title,
      claimedHours: '8.00',
      approvedHours: '6.50',
      status: '已通过',
      submittedOn: today,
      decidedOn: today,
      reviewer: '审核员甲',
    });
    expect(byId.get(String(waiting))).toMatchObject({ status: '待审核', approvedHours: '', reviewer: '' });

    const onlyWaiting = (
      await request(admin.cookie, { report: 'claims', filters: { status: 'submitted' } })
    ).json();
    expect((await finished(admin.cookie, onlyWaiting.id)).status).toBe('done');
    const ids = (await download(admin.cookie, onlyWaiting.id, 'claims')).map((r) => r.values.id);
    expect(ids).toContain(String(waiting));
    expect(ids).not.toContain(String(approved));
  });

  it("keeps a provincial reviewer's claims export to their province, and leaves drafts out", async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '11' });
    const bj = await makeMember(t, { province: '11' });
    const sh = await makeMember(t, { province: '31' });
    const bjClaim = await submittedClaim(t.app, bj.cookie);
    const shClaim = await submittedClaim(t.app, sh.cookie);
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { cookie: bj.cookie },
      payload: { year: YEAR, item: '18-9b', units: 1, details: ARTICLE_DETAILS(`草稿${Math.random()}`) },
    });
    expect(draft.statusCode).toBe(201);

    const { id } = (await request(reviewer.cookie, { report: 'claims', filters: {} })).json();
    expect((await finished(reviewer.cookie, id)).status).toBe('done');
    const rows = await download(reviewer.cookie, id, 'claims');
    const ids = rows.map((r) => r.values.id);
    expect(ids).toContain(String(bjClaim));
    expect(ids).not.toContain(String(shClaim));
    expect(ids).not.toContain(String(draft.json().id));
    expect(rows.every((r) => r.values.province === '北京')).toBe(true);
    expect(
      (await request(reviewer.cookie, { report: 'claims', filters: { province: '31' } })).statusCode,
    ).toBe(403);
  });
});
