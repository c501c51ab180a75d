import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Starting PGlite takes seconds: the test harness keeps one per worker, which needs the module
    // cache to survive from one test file to the next. Each file empties the database first.
    isolate: false,
    hookTimeout: 60_000,
  },
});
