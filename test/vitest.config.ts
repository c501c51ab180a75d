import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts', 'faults/**/*.test.ts', 'cluster/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    // One Temporal dev server and one PostgreSQL serve the whole run; files take turns so that
    // the namespace-wide handler-cache schedule belongs to one stack at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
