/**
 * Child process of the sync crash test: runs the daily sync on the database it is given. After each
 * committed batch it prints `batch N` and waits for a line on standard input before going on, so the
 * parent can SIGKILL it at that exact point (between two batches) instead of racing a timer.
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { syncLessonHours } from '../src/modules/sync/sync.service.ts';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const database = await openDatabase({
  databaseUrl: process.env.CRASH_DATABASE_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
});
const deps = { config: testConfig(), database, db: database.db, clock: systemClock };
let batches = 0;
const result = await syncLessonHours(deps, {
  batchSize: Number(process.env.CRASH_BATCH_SIZE ?? 50),
  onBatch: async ({ posted }) => {
    batches += 1;
    process.stdout.write(`batch ${batches} ${posted}\n`);
    if ((await lines.next()).done) throw new Error('standard input closed before the next batch');
  },
});
process.stdout.write(`done ${result.posted}\n`);
await database.close();
process.exit(0);
