import { existsSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { multipart } from '../../../test/claims.ts';
import { FIXTURE_PASSWORD, makeStaff } from '../../../test/fixtures.ts';
import { type ImportLine, importLine, importWorkbook } from '../../../test/member-import.ts';
import { memberImportService } from './member-import.service.ts';
import { importDir, memberImportJobs } from './member-import-jobs.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cpe-imports-')) });
});
afterAll(() => t.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const jobs = () => memberImportJobs(t.deps, memberImportService(t.deps));

async function start(cookie: string, lines: ImportLine[], dryRun: boolean) {
  const body = multipart(await importWorkbook(lines), 'members.xlsx', 'file', XLSX);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/admin/member-imports?dryRun=${dryRun}`,
    headers: { cookie, ...body.headers },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const state = async (cookie: string, id: number) =>
  (await t.app.inject({ url: `/api/admin/member-imports/${id}`, headers: { cookie } })).json();

/** Polls the import (which the request started in this process) until it is done or failed. */
async function settled(cookie: string, id: number) {
  for (let i = 0; i < 600; i++) {
    const job = await state(cookie, id);
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

const count = async (usernames: string[]) =>
  Number(
    (
      await t.deps.db.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM members
        WHERE username IN (SELECT jsonb_array_elements_text(${JSON.stringify(usernames)}::jsonb))`)
    ).rows[0]!.n,
  );

describe('background member imports', { timeout: 120_000 }, () => {
  it('checks a dry run with progress from 0 to 100, then 确认导入 applies it; the same file again changes nothing', async () => {
    const admin = await makeStaff(t);
    const lines = Array.from({ length: 300 }, () => importLine());
    const usernames = lines.map((l) => l.username!);

    // progress as the worker reports it, read from the row while it runs
    const seen: number[] = [];
    const id = await start(admin.cookie, lines, true);
    let job = await state(admin.cookie, id);
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      seen.push(job.progress);
      await new Promise((r) => setTimeout(r, 20));
      job = await state(admin.cookie, id);
    }
    expect(job).toMatchObject({ status: 'done', dryRun: true, progress: 100, total: 300, created: 300 });
    expect(job.errorCount).toBe(0);
    expect(seen[0]).toBeLessThan(100);
    expect([...seen, 100]).toEqual([...seen, 100].sort((a, b) => a - b));
    expect(await count(usernames)).toBe(0);
    // the row checks report every percent in order (the worker then records 100 when done)
    const reported: number[] = [];
    await memberImportService(t.deps).import(admin, await importWorkbook(lines), true, null, {
      progress: async (p) => {
        reported.push(p);
      },
    });
    expect(reported[0]).toBe(0);
    expect(reported.at(-1)).toBe(90);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
    expect(new Set(reported).size).toBeGreaterThan(80);

    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/admin/member-imports/${id}/commit`,
      headers: { cookie: admin.cookie },
    });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(await settled(admin.cookie, id)).toMatchObject({ status: 'done', dryRun: false, created: 300 });
    expect(await count(usernames)).toBe(300);
    // committed once: a second 确认导入 is refused
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/admin/member-imports/${id}/commit`,
          headers: { cookie: admin.cookie },
        })
      ).statusCode,
    ).toBe(409);

    const again = await start(admin.cookie, lines, false);
    expect(await settled(admin.cookie, again)).toMatchObject({
      status: 'done',
      created: 0,
      updated: 0,
      unchanged: 300,
    });
  });

  it('reports broken rows (the first ones and their number) and saves nothing', async () => {
    const admin = await makeStaff(t);
    const good = importLine();
    const lines = [good, ...Array.from({ length: 250 }, () => importLine({ mobile: '123' }))];
    const job = await settled(admin.cookie, await start(admin.cookie, lines, false));
    expect(job).toMatchObject({ status: 'done', dryRun: false, total: 251, errorCount: 250 });
    expect(job.errors).toHaveLength(200);
    expect(job.errors[0]).toEqual({ row: 3, column: '手机号', message: '手机号码应为 11 位数字' });
    expect(await count([good.username!])).toBe(0);
    // nobody else reads the import
    const other = await makeStaff(t);
    expect(
      (await t.app.inject({ url: `/api/admin/member-imports/1`, headers: { cookie: other.cookie } }))
        .statusCode,
    ).toBe(404);
  });

  it('is crash-safe: an import left running by a dead process is applied once when run again', async () => {
    const admin = await makeStaff(t);
    const lines = Array.from({ length: 20 }, () => importLine());
    const id = await start(admin.cookie, lines, false);
    await settled(admin.cookie, id);
    // as if the process had died midway: the row still says running, long ago; its file is back
    const again = await start(admin.cookie, lines, true);
    await settled(admin.cookie, again);
    const hourAgo = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
    await t.deps.db.execute(sql`
      UPDATE member_imports SET status = 'running', dry_run = false, started_at = ${hourAgo}::timestamptz
      WHERE id = ${again}`);
    const runs = await Promise.all([jobs().runPending(), jobs().runPending()]);
    expect(runs.reduce((n, r) => n + r.done, 0)).toBe(1);
    expect(await state(admin.cookie, again)).toMatchObject({ status: 'done', created: 0, unchanged: 20 });
    expect(await count(lines.map((l) => l.username!))).toBe(20);
    expect(await jobs().runPending()).toMatchObject({ done: 0, failed: 0 });
  });

  it('deletes a checked file left unconfirmed for a day; 确认导入 then asks for a new upload', async () => {
    const began = t.clock.now();
    try {
      const admin = await makeStaff(t);
      const id = await start(admin.cookie, [importLine()], true);
      expect(await settled(admin.cookie, id)).toMatchObject({ status: 'done', errorCount: 0 });
      const { rows } = await t.deps.db.execute<{ file_name: string }>(
        sql`SELECT file_name FROM member_imports WHERE id = ${id}`,
      );
      const file = join(importDir(t.deps), rows[0]!.file_name);
      expect(existsSync(file)).toBe(true);
      utimesSync(file, began, began); // written at the test clock's now
      await jobs().runPending();
      expect(existsSync(file)).toBe(true);

      t.clock.advance(25 * 3_600_000);
      await jobs().runPending();
      expect(existsSync(file)).toBe(false);
      const cookie = (await login(t.app, admin.username, 'staff', FIXTURE_PASSWORD)).cookie;
      const commit = await t.app.inject({
        method: 'POST',
        url: `/api/admin/member-imports/${id}/commit`,
        headers: { cookie },
      });
      expect(commit.statusCode).toBe(409);
      expect(commit.json().message).toContain('重新上传');
    } finally {
      t.clock.set(began);
    }
  });

  it('is for the national admin only', async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    const body = multipart(await importWorkbook([importLine()]), 'm.xlsx', 'file', XLSX);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/member-imports?dryRun=true',
      headers: { cookie: reviewer.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
  });
});
