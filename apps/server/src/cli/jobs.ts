import type { Deps } from '../deps.ts';
import { lastRun } from '../jobs/job-runs.repository.ts';
import { findJob, jobs } from '../jobs/registry.ts';
import { runJob, scheduleOf } from '../jobs/runner.ts';
import { is } from './argv.ts';
import type { Command } from './commands.ts';

/** One line per job: name, schedule, and its last run with status, duration and error. */
export async function jobsTable(deps: Deps): Promise<string> {
  const lines = [['job', 'schedule (Asia/Shanghai)', 'last run', 'status', 'duration', 'error']];
  for (const job of jobs) {
    const run = await lastRun(deps.db, job.name);
    const duration = run?.finishedAt
      ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)}s`
      : '-';
    lines.push([
      job.name,
      scheduleOf(deps, job) ?? 'by hand',
      run ? run.startedAt.toISOString() : 'never',
      run?.status ?? '-',
      duration,
      run?.error ?? '',
    ]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const jobsCommands: Command[] = [
  {
    usage: 'jobs list',
    description: 'each job with its schedule and last run (status, duration, error)',
    needsDatabase: true,
    matches: is('jobs', 'list'),
    run: async (_argv, deps) => {
      console.log(await jobsTable(deps!));
      return 0;
    },
  },
  {
    usage: 'jobs run NAME',
    description: `run a job now (${jobs.map((j) => j.name).join(', ')})`,
    needsDatabase: true,
    matches: is('jobs', 'run'),
    run: async (argv, deps) => {
      const job = findJob(argv[2] ?? '');
      if (!job) {
        console.error(`Unknown job "${argv[2] ?? ''}". Jobs: ${jobs.map((j) => j.name).join(', ')}`);
        return 2;
      }
      console.log(JSON.stringify(await runJob(deps!, job)));
      return 0;
    },
  },
];
