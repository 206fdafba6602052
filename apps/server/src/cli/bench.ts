import { shanghaiYear } from '../clock.ts';
import { seedBench } from '../seed/bench.ts';
import { seedDemo } from '../seed/index.ts';
import { is, option } from './argv.ts';
import type { Command } from './commands.ts';

const int = (argv: string[], name: string, fallback: number) => {
  const v = option(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} expects a whole number, got ${v}`);
  return n;
};

/** `cpe bench seed`: fills the configured database with a national year of data (seed/bench.ts). */
export const benchSeedCommand: Command = {
  usage: 'bench seed [--members 350000] [--seed 1] [--unposted 200000]',
  description: 'fill the database with a reproducible national year of data for load measurements',
  needsDatabase: true,
  matches: is('bench', 'seed'),
  run: async (argv, deps) => {
    const d = deps!;
    const members = int(argv, '--members', 350_000);
    const started = Date.now();
    // The catalogue of the demo institutes is the base the generated catalogues join.
    await seedDemo(d.db, d.config);
    let last = '';
    const result = await seedBench(d.database, {
      members,
      seed: int(argv, '--seed', 1),
      year: shanghaiYear(d.clock.now()),
      unposted: int(argv, '--unposted', Math.min(200_000, members)),
      argon2: { memoryCost: d.config.ARGON2_MEMORY_KIB, timeCost: d.config.ARGON2_TIME_COST },
      progress: (step, done, total) => {
        const line = `${step}: ${Math.round((done / total) * 100)}%`;
        if (line !== last)
          console.log(`${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s  ${line}`);
        last = line;
      },
    });
    console.log(
      `${result.members} members, ${result.ledger} ledger entries, ${result.evaluations} evaluations in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return 0;
  },
};
