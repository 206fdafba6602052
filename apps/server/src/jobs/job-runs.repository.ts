import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { jobRuns } from '../db/schema/index.ts';

export interface NewRun {
  job: string;
  startedAt: Date;
  scheduledFor: Date | null;
  runner: string;
}

/**
 * Records the start of a run. A scheduled run claims its tick: when another process already claimed
 * this job's tick the insert does nothing and null comes back.
 */
export async function claimRun(db: Executor, run: NewRun): Promise<number | null> {
  const rows = await db
    .insert(jobRuns)
    .values({ ...run, status: 'running' })
    .onConflictDoNothing({
      target: [jobRuns.job, jobRuns.scheduledFor],
      where: sql`scheduled_for IS NOT NULL`,
    })
    .returning({ id: jobRuns.id });
  return rows[0]?.id ?? null;
}

export async function finishRun(
  db: Executor,
  id: number,
  end: { finishedAt: Date } & (
    | { status: 'succeeded'; result: Record<string, unknown> }
    | { status: 'failed'; error: string }
  ),
) {
  await db
    .update(jobRuns)
    .set(
      end.status === 'succeeded'
        ? { status: 'succeeded', finishedAt: end.finishedAt, result: end.result }
        : { status: 'failed', finishedAt: end.finishedAt, error: end.error },
    )
    .where(eq(jobRuns.id, id));
}

export type JobRun = typeof jobRuns.$inferSelect;

/** The latest run of a job, if any. */
export async function lastRun(db: Executor, job: string): Promise<JobRun | null> {
  const [row] = await db
    .select()
    .from(jobRuns)
    .where(eq(jobRuns.job, job))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(1);
  return row ?? null;
}

/** Runs of a job, newest first (tests and `cpe jobs list`). */
export const runsOf = (db: Executor, job: string) =>
  db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id));
