import { hostname } from 'node:os';
import { Cron } from 'croner';
import { type Config, ConfigError } from '../config.ts';
import { describeError } from '../db/errors.ts';
import type { Deps } from '../deps.ts';
import { claimRun, finishRun } from './job-runs.repository.ts';
import { type JobDefinition, jobs as registeredJobs } from './registry.ts';

const RUNNER = `${hostname()}:${process.pid}`;

/** The advisory lock key of a job: a hash of its name in a range of its own (migrations use 4242001). */
export function jobLockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return 4_243_000 + (Math.abs(h) % 1_000_000);
}

/**
 * Runs a job by hand and records the run: 'succeeded' with its result, or 'failed' with the error's
 * message (and the error is thrown on). The job itself guarantees idempotence.
 */
export async function runJob(deps: Deps, job: JobDefinition): Promise<Record<string, unknown>> {
  const id = await claimRun(deps.db, {
    job: job.name,
    startedAt: deps.clock.now(),
    scheduledFor: null,
    runner: RUNNER,
  });
  return execute(deps, job, id!);
}

/** Runs the cron tick `scheduledFor` of a job unless another process claimed it (then null). */
async function runScheduled(deps: Deps, job: JobDefinition, scheduledFor: Date) {
  const id = await claimRun(deps.db, {
    job: job.name,
    startedAt: deps.clock.now(),
    scheduledFor,
    runner: RUNNER,
  });
  return id === null ? null : execute(deps, job, id);
}

/**
 * The error as stored in job_runs: a failed query's own database message, never the query and its
 * parameters (which Drizzle puts in the outer message), and at most 1000 characters.
 */
function errorText(e: unknown): string {
  const err = e as { message?: unknown; cause?: unknown };
  const inner = typeof err?.message === 'string' && err.message.startsWith('Failed query') ? err.cause : e;
  const text = inner instanceof Error ? inner.message : String(inner);
  return text.slice(0, 1000);
}

async function execute(deps: Deps, job: JobDefinition, id: number) {
  try {
    const result = await job.run(deps);
    await finishRun(deps.db, id, { status: 'succeeded', finishedAt: deps.clock.now(), result });
    return result;
  } catch (e) {
    const error = errorText(e);
    await finishRun(deps.db, id, { status: 'failed', finishedAt: deps.clock.now(), error });
    throw e;
  }
}

/** The cron expression a job runs on here: JOB_SCHEDULE_<NAME> from the config, else its own. */
export function scheduleOf(deps: Deps, job: JobDefinition): string | null {
  return deps.config.JOB_SCHEDULES[job.name] ?? job.schedule;
}

/**
 * One scheduled tick: of all processes, the one that holds the job's advisory lock and claims the tick
 * runs it; the others record nothing. The lock keeps a long run from overlapping the next tick on
 * another process; the claimed tick keeps a quick run from being repeated by a process that fired a
 * moment later.
 */
async function runTick(deps: Deps, job: JobDefinition, scheduledFor: Date) {
  const locked = await deps.database.withLock(jobLockKey(job.name), false, () =>
    runScheduled(deps, job, scheduledFor),
  );
  if (!locked.acquired) {
    deps.log?.info({ job: job.name }, 'job skipped: running in another process');
  } else if (locked.value === null) {
    deps.log?.info({ job: job.name }, 'job skipped: this tick ran in another process');
  } else {
    deps.log?.info({ job: job.name, result: locked.value }, 'job finished');
  }
}

/** Refuses JOB_SCHEDULE_<NAME> overrides that name no job (checked before the database is opened). */
export function checkJobSchedules(config: Config, jobs: JobDefinition[] = registeredJobs) {
  const known = new Set(jobs.map((j) => j.name));
  const unknown = Object.keys(config.JOB_SCHEDULES).filter((name) => !known.has(name));
  if (unknown.length) {
    throw new ConfigError(
      unknown
        .map(
          (n) =>
            `Invalid configuration: JOB_SCHEDULE_${n.toUpperCase().replaceAll('-', '_')}: no such job (jobs: ${[...known].join(', ')})`,
        )
        .join('\n'),
    );
  }
}

/** Schedules every job with a cron expression, in Asia/Shanghai time. A failed run never stops the next. */
export function startScheduler(deps: Deps, jobs: JobDefinition[] = registeredJobs): () => void {
  checkJobSchedules(deps.config, jobs);
  const crons: Cron[] = [];
  for (const job of jobs) {
    const pattern = scheduleOf(deps, job);
    if (!pattern) continue;
    const cron: Cron = new Cron(pattern, { timezone: 'Asia/Shanghai', protect: true }, async () => {
      // The tick this trigger belongs to, the same on every process whatever its timer's delay.
      const now = deps.clock.now();
      const tick = cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? now;
      try {
        await runTick(deps, job, tick);
      } catch (err) {
        deps.log?.error({ job: job.name, err: describeError(err) }, 'job failed');
      }
    });
    crons.push(cron);
  }
  return () => {
    for (const c of crons) c.stop();
  };
}
