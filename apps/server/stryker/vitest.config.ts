import { defineConfig } from 'vitest/config';

// Mutation testing of the pure tracked-video rules: only their own unit tests, no database.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    include: [
      'apps/server/src/modules/study/progress-merge.test.ts',
      'apps/server/src/modules/study/watch-budget.test.ts',
    ],
  },
});
