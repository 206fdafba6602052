import { type Clock, systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { seedDemoAccounts } from './demo.ts';
import { seedDemoHistory } from './history.ts';
import { seedDemoLearning } from './learning.ts';

/**
 * Demo data steps, in order. Later modules append their own step (courses, notices...); each step is
 * idempotent so `npm start` and `cpe seed --demo` can run them again.
 */
export const demoSteps: Array<{
  name: string;
  run: (db: Db, config: Config, clock: Clock) => Promise<void>;
}> = [
  { name: 'accounts', run: seedDemoAccounts },
  // Courses of the current year (from the clock) and the next.
  { name: 'learning', run: (db, _config, clock) => seedDemoLearning(db, clock) },
  // A member whose last year is complete: its 学时证明 can be downloaded and verified.
  { name: 'history', run: (db, _config, clock) => seedDemoHistory(db, clock) },
];

export async function seedDemo(db: Db, config: Config, clock: Clock = systemClock) {
  for (const step of demoSteps) await step.run(db, config, clock);
}
