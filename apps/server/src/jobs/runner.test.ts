import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { systemClock } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { runsOf } from './job-runs.repository.ts';
import type { JobDefinition } from './registry.ts';
import { runJob, startScheduler } from './runner.ts';

let t: TestApp;
let deps: Deps;
beforeAll(async () => {
  t = await buildTestApp();
  // The scheduler fires on real time, so these runs are recorded on the real clock.
  deps = { ...t.deps, clock: systemClock };
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

describe('job runs', () => {
  it('records a job that throws as failed with its error, and the next scheduled run still happens', async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: unique('flaky'),
      schedule: '* * * * * *',
      description: 'fails the first time',
      async run() {
        calls++;
        if (calls === 1) throw new Error('upstream unavailable');
        return { calls };
      },
    };
    const stop = startScheduler(deps, [job]);
    try {
      for (let i = 0; i < 50 && calls < 2; i++) await sleep(100);
    } finally {
      stop();
    }
    await sleep(200); // the second run records its end
    const runs = (await runsOf(t.deps.db, job.name)).reverse();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]).toMatchObject({ status: 'failed', error: 'upstream unavailable', result: null });
    expect(runs[0]!.finishedAt).toBeInstanceOf(Date);
    expect(runs[1]).toMatchObject({ status: 'succeeded', error: null, result: { calls: 2 } });
    expect(runs.every((r) => r.scheduledFor instanceof Date)).toBe(true);
  }, 20_000);

  it('records a failed run by hand too, and throws the error on', async () => {
    const job: JobDefinition = {
      name: unique('broken'),
      schedule: null,
      description: 'always fails',
      run: async () => {
        throw new Error('no disk space');
      },
    };
    await expect(runJob(t.deps, job)).rejects.toThrow('no disk space');
    const [run] = await runsOf(t.deps.db, job.name);
    expect(run).toMatchObject({ status: 'failed', error: 'no disk space', scheduledFor: null });
    expect(run!.finishedAt).toBeInstanceOf(Date);
  });

  it('stores a failed query by its database message, without the query parameters', async () => {
    const job: JobDefinition = {
      name: unique('query'),
      schedule: null,
      description: 'divides by zero',
      run: async ({ db }) => {
        await db.execute(sql`SELECT 1 / 0 AS x, ${'110101199001010011'}::text AS id_number`);
        return {};
      },
    };
    await expect(runJob(t.deps, job)).rejects.toThrow();
    const [run] = await runsOf(t.deps.db, job.name);
    expect(run).toMatchObject({ status: 'failed', error: 'division by zero' });
  });

  it('runs each tick once when two schedulers share the database', async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: unique('tick'),
      schedule: '* * * * * *',
      description: 'counts its runs',
      async run() {
        calls++;
        return {};
      },
    };
    const stops = [startScheduler(deps, [job]), startScheduler(deps, [job])];
    try {
      await sleep(3_500);
    } finally {
      for (const stop of stops) stop();
    }
    await sleep(300);
    const runs = await runsOf(t.deps.db, job.name);
    const ticks = new Set(runs.map((r) => r.scheduledFor!.getTime()));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(ticks.size).toBe(runs.length);
    expect(calls).toBe(runs.length);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  }, 20_000);
});
