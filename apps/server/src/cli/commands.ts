import type { Deps } from '../deps.ts';
import { findJob, jobs } from '../jobs/registry.ts';
import { runJob } from '../jobs/runner.ts';
import { demoAccountsTable } from '../seed/demo.ts';
import { seedDemo } from '../seed/index.ts';
import { is } from './argv.ts';
import { rulesCommands } from './rules.ts';
import { staffUnlockCommand } from './staff-unlock.ts';

export interface Command {
  usage: string;
  description: string;
  needsDatabase: boolean;
  matches(argv: string[]): boolean;
  /** Returns the exit code. */
  run(argv: string[], deps: Deps | null): Promise<number>;
}

/** Every `cpe` command. Modules add theirs here. */
export const commands: Command[] = [
  {
    usage: 'migrate',
    description: 'apply database migrations (also done at every start)',
    needsDatabase: true,
    matches: is('migrate'),
    run: async () => {
      console.log('Database is migrated.');
      return 0;
    },
  },
  {
    usage: 'seed --demo',
    description: 're-create the demo accounts and demo data',
    needsDatabase: true,
    matches: is('seed', '--demo'),
    run: async (_argv, deps) => {
      await seedDemo(deps!.db, deps!.config);
      console.log(demoAccountsTable());
      return 0;
    },
  },
  {
    usage: 'jobs run NAME',
    description: `run a job now (${jobs.map((j) => j.name).join(', ') || 'none yet'})`,
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
  ...rulesCommands,
  staffUnlockCommand,
];
