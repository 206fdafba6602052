import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { seedDefaultRules } from '../modules/rules/rules.service.ts';

/**
 * Reference data every installation needs (not demo data), seeded after migrations on every start.
 * Each step must be idempotent and must never overwrite what an admin has published.
 */
export const referenceSteps: Array<{ name: string; run: (db: Db, config: Config) => Promise<void> }> = [
  // Publication time of the built-in defaults: the moment they were first installed.
  { name: 'rules', run: (db) => seedDefaultRules(db, systemClock.now()) },
];

export async function seedReference(db: Db, config: Config) {
  for (const step of referenceSteps) await step.run(db, config);
}
