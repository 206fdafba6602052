import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { makeStaff } from '../../../test/fixtures.ts';
import { exportDir, exportService } from './export.service.ts';

const ROWS = 350_000;
const MB = 1024 * 1024;

// A collection before each reading: the live heap, not the garbage the collector has not reached yet.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ EXPORT_DIR: mkdtempSync(join(tmpdir(), 'cpe-export-memory-')) });
  // 350,000 members in one statement (the national roster's size)
  await t.deps.db.execute(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, registered_on)
    SELECT 'non_practicing', 'N99' || lpad(i::text, 10, '0'), '测试会员' || i, '110101199001011237',
           '139' || lpad(i::text, 8, '0'), '31', DATE '2015-01-01'
    FROM generate_series(1, ${ROWS}) AS i`);
}, 600_000);
afterAll(() => t.close());

describe('streamed export of the whole roster', () => {
  it('writes 350,000 rows with heap growth far below the row count (under 100 MB)', async () => {
    const admin = await makeStaff(t);
    const { rows } = await t.deps.db.execute<{ id: number }>(sql`
      INSERT INTO exports (report, filters, requested_by, requested_at)
      VALUES ('members', '{}'::jsonb, ${admin.id}, ${t.clock.now().toISOString()}::timestamptz) RETURNING id`);
    const id = Number(rows[0]!.id);

    gc();
    const baseline = process.memoryUsage();
    let peakHeap = baseline.heapUsed;
    let peakRss = baseline.rss;
    let readings = 0;
    const sampler = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
      readings++;
    }, 1000);
    const started = performance.now();
    const result = await exportService(t.deps).runPending();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const { rows: done } = await t.deps.db.execute<{ written_rows: number; file_name: string }>(
      sql`SELECT written_rows, file_name FROM exports WHERE id = ${id}`,
    );
    expect(result.done).toBe(1);
    expect(Number(done[0]!.written_rows)).toBeGreaterThanOrEqual(ROWS);
    const growth = (peakHeap - baseline.heapUsed) / MB;
    const size = statSync(join(exportDir(t.deps), done[0]!.file_name)).size / MB;
    // the figures docs/performance.md reports
    console.info(
      `export ${ROWS} rows on ${t.deps.database.kind}: ${seconds.toFixed(1)} s, live heap growth ${growth.toFixed(1)} MB, ` +
        `peak heap ${(peakHeap / MB).toFixed(0)} MB, peak rss ${(peakRss / MB).toFixed(0)} MB, file ${size.toFixed(1)} MB`,
    );
    expect(readings).toBeGreaterThan(3);
    expect(growth).toBeLessThan(100);
  }, 900_000);
});
