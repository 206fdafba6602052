/**
 * Child process of the sync crash test: runs the daily sync on the database it is given, pausing after
 * each committed batch so the parent can SIGKILL it midway. Prints one line per batch.
 */
import { systemClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { syncLessonHours } from '../src/modules/sync/sync.service.ts';

const database = await openDatabase({
  databaseUrl: process.env.CRASH_DATABASE_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
});
const deps = { config: testConfig(), database, db: database.db, clock: systemClock };
const result = await syncLessonHours(deps, {
  batchSize: Number(process.env.CRASH_BATCH_SIZE ?? 50),
  onBatch: async ({ posted }) => {
    process.stdout.write(`batch ${posted}\n`);
    await new Promise((r) => setTimeout(r, 40));
  },
});
process.stdout.write(`done ${result.posted}\n`);
await database.close();
