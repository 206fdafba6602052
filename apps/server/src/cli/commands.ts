import { migrationStatus } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import { demoAccountsTable } from '../seed/demo.ts';
import { seedDemo } from '../seed/index.ts';
import { is } from './argv.ts';
import { benchSeedCommand } from './bench.ts';
import { feesCommands } from './fees.ts';
import { integrationCommands } from './integration.ts';
import { jobsCommands } from './jobs.ts';
import { rulesCommands } from './rules.ts';
import { staffCommands } from './staff.ts';
import { staffUnlockCommand } from './staff-unlock.ts';

export interface Command {
  usage: string;
  description: string;
  needsDatabase: boolean;
  /** False: the database is opened as it is, not migrated first (`migrate --status`). */
  migrates?: boolean;
  matches(argv: string[]): boolean;
  /** Returns the exit code. */
  run(argv: string[], deps: Deps | null): Promise<number>;
}

/** Every `cpe` command, first match wins. Modules add theirs here. */
export const commands: Command[] = [
  {
    usage: 'migrate --status',
    description: 'list applied and pending migrations (changes nothing)',
    needsDatabase: true,
    migrates: false,
    matches: is('migrate', '--status'),
    run: async (_argv, deps) => {
      const { applied, pending } = await migrationStatus(deps!.database);
      for (const a of applied) console.log(`applied  ${a.name}  ${a.appliedAt.toISOString()}`);
      for (const p of pending) console.log(`pending  ${p}`);
      console.log(`${applied.length} applied, ${pending.length} pending`);
      return 0;
    },
  },
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
  ...staffCommands,
  ...jobsCommands,
  ...rulesCommands,
  ...feesCommands,
  ...integrationCommands,
  staffUnlockCommand,
  benchSeedCommand,
];
