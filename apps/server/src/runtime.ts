import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { MIGRATION_LOCK, migrate } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { seedDemo } from './seed/index.ts';
import { seedReference } from './seed/reference.ts';

/**
 * Opens the configured database, migrates it and seeds reference (and, with DEMO, demo) data. Both
 * run under the migration lock, one process at a time, so processes may start together.
 */
export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Deps> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  if (opts.migrate === false) return { config, database, db: database.db, clock: systemClock };
  try {
    await migrate(database);
    await database.withLock(MIGRATION_LOCK, true, async () => {
      await seedReference(database.db, config);
      if (config.DEMO) await seedDemo(database.db, config);
    });
  } catch (e) {
    await database.close();
    throw e;
  }
  return { config, database, db: database.db, clock: systemClock };
}
