import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The workflow tests start a Temporal dev server and bundle the workflows once per file, in beforeAll.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
