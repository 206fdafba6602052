import { Cron } from 'croner';
import { eq } from 'drizzle-orm';
import { describeError } from '../db/errors.ts';
import { jobRuns } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { type JobDefinition, jobs } from './registry.ts';

/** Runs a job and records the run; the job itself guarantees idempotence. */
export async function runJob(deps: Deps, job: JobDefinition) {
  const [run] = await deps.db
    .insert(jobRuns)
    .values({ job: job.name, startedAt: deps.clock.now() })
    .returning({ id: jobRuns.id });
  const result = await job.run(deps);
  await deps.db.update(jobRuns).set({ finishedAt: deps.clock.now(), result }).where(eq(jobRuns.id, run!.id));
  return result;
}

/** Schedules every job with a cron expression, in Asia/Shanghai time. */
export function startScheduler(deps: Deps): () => void {
  const crons = jobs
    .filter((j) => j.schedule)
    .map(
      (job) =>
        new Cron(job.schedule!, { timezone: 'Asia/Shanghai', protect: true }, async () => {
          try {
            const result = await runJob(deps, job);
            deps.log?.info({ job: job.name, result }, 'job finished');
          } catch (err) {
            deps.log?.error({ job: job.name, err: describeError(err) }, 'job failed');
          }
        }),
    );
  return () => {
    for (const c of crons) c.stop();
  };
}
