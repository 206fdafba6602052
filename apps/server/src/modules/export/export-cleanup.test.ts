import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { FIXTURE_PASSWORD, makeStaff } from '../../../test/fixtures.ts';
import { learningNow } from '../../../test/learning.ts';
import { cleanExports } from './export-cleanup.ts';

const HOUR = 3_600_000;
let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cpe-exports-'));
  t = await buildTestApp({ EXPORT_DIR: dir }, learningNow());
});
afterAll(() => t.close());

/** A file in the export folder last written `hoursAgo` before the test clock's now. */
function file(name: string, hoursAgo: number) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), 'x');
  const at = new Date(t.clock.now().getTime() - hoursAgo * HOUR);
  utimesSync(join(dir, name), at, at);
  return join(dir, name);
}

async function exportRow(staffId: number, status: string, fileName: string | null = null) {
  const at = t.clock.now().toISOString();
  const { rows } = await t.deps.db.execute<{ id: number }>(sql`
    INSERT INTO exports (report, filters, requested_by, requested_at, status, file_name, finished_at)
    VALUES ('audit', '{}'::jsonb, ${staffId}, ${at}::timestamptz, ${status}, ${fileName},
      ${status === 'queued' || status === 'running' ? null : at}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

const signIn = async (username: string) => (await login(t.app, username, 'staff', FIXTURE_PASSWORD)).cookie;
const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });

describe('export clean-up (export-cleanup job)', () => {
  it('expires finished exports after the retention, answers 410 for their files, and is idempotent', async () => {
    const start = t.clock.now();
    try {
      const admin = await makeStaff(t);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/exports',
        headers: { cookie: admin.cookie },
        payload: { report: 'audit', filters: {} },
      });
      const { id } = res.json();
      let job = (await get(admin.cookie, `/api/exports/${id}`)).json();
      for (let i = 0; i < 200 && job.status !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await get(admin.cookie, `/api/exports/${id}`)).json();
      }
      expect(job.status).toBe('done');
      const { rows } = await t.deps.db.execute<{ file_name: string }>(
        sql`SELECT file_name FROM exports WHERE id = ${id}`,
      );
      const produced = join(dir, rows[0]!.file_name);
      expect(existsSync(produced)).toBe(true);

      // within the retention: the file stays and still downloads (a new session: days have passed)
      t.clock.advance(71 * HOUR);
      let cookie = await signIn(admin.username);
      expect(await cleanExports(t.deps)).toMatchObject({ expired: 0 });
      expect((await get(cookie, `/api/exports/${id}/file`)).statusCode).toBe(200);

      t.clock.advance(2 * HOUR);
      cookie = await signIn(admin.username);
      expect(await cleanExports(t.deps)).toMatchObject({ expired: 1 });
      expect(existsSync(produced)).toBe(false);
      expect((await get(cookie, `/api/exports/${id}`)).json().status).toBe('expired');
      const gone = await get(cookie, `/api/exports/${id}/file`);
      expect(gone.statusCode).toBe(410);
      expect(gone.json()).toMatchObject({
        code: 'EXPORT_EXPIRED',
        message: expect.stringContaining('保留期限'),
      });

      expect(await cleanExports(t.deps)).toMatchObject({ expired: 0, failedFiles: 0, orphans: 0 });
      expect((await get(cookie, `/api/exports/${id}`)).json().status).toBe('expired');
    } finally {
      t.clock.set(start);
    }
  });

  it('deletes failed exports’ files at once and old orphans, keeps what is being written and young files', async () => {
    const admin = await makeStaff(t, { login: false });
    const failed = await exportRow(admin.id, 'failed');
    const running = await exportRow(admin.id, 'running');
    const failedPart = file(`export-${failed}-aa.xlsx.part`, 1);
    const runningPart = file(`export-${running}-bb.xlsx.part`, 100);
    const oldOrphan = file('export-987654321-cc.xlsx', 100);
    const oldStray = file('stray.xlsx', 100);
    const youngOrphan = file('export-987654322-dd.xlsx', 1);

    const first = await cleanExports(t.deps);
    expect(first.failedFiles).toBeGreaterThanOrEqual(1);
    expect(existsSync(failedPart)).toBe(false);
    expect(existsSync(oldOrphan)).toBe(false);
    expect(existsSync(oldStray)).toBe(false);
    expect(existsSync(runningPart)).toBe(true);
    expect(existsSync(youngOrphan)).toBe(true);

    expect(await cleanExports(t.deps)).toMatchObject({ expired: 0, failedFiles: 0, orphans: 0 });
    expect(existsSync(runningPart)).toBe(true);
  });
});
