import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { seedDemoAccounts } from './demo.ts';

/**
 * Demo data steps, in order. Later modules append their own step (courses, notices...); each step is
 * idempotent so `npm start` and `cpe seed --demo` can run them again.
 */
export const demoSteps: Array<{ name: string; run: (db: Db, config: Config) => Promise<void> }> = [
  { name: 'accounts', run: seedDemoAccounts },
];

export async function seedDemo(db: Db, config: Config) {
  for (const step of demoSteps) await step.run(db, config);
}
