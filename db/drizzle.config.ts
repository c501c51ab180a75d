import { defineConfig } from 'drizzle-kit';

// Generation only: migrations are applied by the API and the worker at start, never pushed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
