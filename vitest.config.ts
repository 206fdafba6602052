import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers: pure unit tests, API tests on a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set), and browser journeys against a running server.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'] } },
      {
        test: {
          name: 'api',
          include: ['apps/server/src/**/*.test.ts'],
          // *.pg.test.ts need a PostgreSQL server (several processes on one database): run with TEST_DATABASE_URL.
          exclude: [...configDefaults.exclude, ...(process.env.TEST_DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['apps/server/test/global-setup.ts'],
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
