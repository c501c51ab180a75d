import { defineConfig } from 'vitest/config';

/**
 * The shared domain is imported from its TypeScript source: it is pure TS + zod and browser-safe,
 * while the package's built output is CommonJS for the Node packages. One alias here and one
 * `paths` entry in tsconfig.json keep the editor on the very same schemas as the API and worker.
 */
const domainSource = decodeURIComponent(new URL('../domain/src/index.ts', import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: { '@hookline/domain': domainSource },
  },
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the editor: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z-]+|zustand|classcat)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
      onwarn(warning, warn) {
        // React Flow marks its entry "use client" for server components; irrelevant in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm start` serves the built editor from the API; in development, forward /api to it.
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
