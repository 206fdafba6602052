import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers: pure unit tests, API tests on a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set), and browser journeys against a running server.
// In CI (CI=true) files and tests run in a random order, so a test that leans on what another one left
// behind fails there; the seed is printed, and `--sequence.shuffle --sequence.seed=N` replays an order.
// A browser journey is one story told in steps (choose, watch, evaluate, sync, query): its describe
// blocks say `{ shuffle: false }` so their steps keep their order.
const shuffle = ['1', 'true'].includes(process.env.CI ?? '');

export default defineConfig({
  test: {
    sequence: { shuffle },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'bench/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['apps/server/src/**/*.test.ts'],
          // *.pg.test.ts need a PostgreSQL server (several processes on one database): run with TEST_DATABASE_URL.
          exclude: [...configDefaults.exclude, ...(process.env.TEST_DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['apps/server/test/global-setup.ts'],
          setupFiles: ['apps/server/test/one-query-at-a-time.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
