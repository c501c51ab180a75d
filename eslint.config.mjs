import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules that do I/O (or read the machine): neither the workflow sandbox nor the pure domain may import them. */
const IO_MODULES = [
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'undici',
  'postgres',
  'pino',
  'express',
];
const noIo = (message) => IO_MODULES.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'db/migrations/**', '**/*.config.*', '.hookline/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Explicit projects, so unit tests (excluded from the build) are linted with their own config.
        project: ['./*/tsconfig.json', './*/tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    // The workflow sandbox must stay deterministic: no I/O, no Node builtins, no activity or
    // client code — only activity *types* and the pure domain.
    files: ['workflows/src/workflows/**/*.ts'],
    // Tests beside the workflows run in Node and drive a worker from outside the sandbox; the bundle never holds them.
    ignores: ['workflows/src/workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code runs in the deterministic sandbox: no Node builtins.' },
            {
              group: [
                '@hookline/*',
                '!@hookline/domain',
                '!@hookline/domain/failures',
                '!@hookline/domain/workflow-ids',
              ],
              message: 'Workflow code does no I/O: of the workspace it imports the pure domain only; use an activity.',
            },

            {
              group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker'],
              message: 'Workflow code may only use @temporalio/workflow.',
            },
            {
              group: ['../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'Import activity types only (import type): the implementations live in the worker.',
            },
            { group: ['../client', '../client/*'], message: 'Not available in the workflow sandbox.' },
          ],
          paths: [
            ...noIo('Workflow code runs in the deterministic sandbox: no I/O.'),
            {
              // Every value import is evaluated in every new workflow context: the domain's zod schemas cost more
              // CPU to build than an event's whole workflow, so values come from its dependency-free modules only.
              name: '@hookline/domain',
              allowTypeImports: true,
              message:
                'Import types only from @hookline/domain in workflow code; values from @hookline/domain/failures or /workflow-ids.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'No I/O in workflows.' },
        { name: 'process', message: 'No environment in workflows.' },
      ],
    },
  },
  {
    // The domain is shared by the browser, the workflow sandbox and Node: zod and pure functions only.
    files: ['domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The domain is pure: no Node builtins.' },
            { group: ['@temporalio/*'], message: 'The domain knows nothing of Temporal.' },
            { group: ['@hookline/*'], message: 'The domain depends on no other Hookline package.' },
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*'],
              message: 'The domain does no I/O.',
            },
          ],
          paths: noIo('The domain is pure: no I/O, no Node.'),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The domain does no I/O.' },
        { name: 'process', message: 'The domain reads no environment.' },
        { name: 'Buffer', message: 'Node only: the domain also runs in the browser and the workflow sandbox.' },
      ],
    },
  },
  {
    // The editor talks to the server over HTTP only: of Hookline's packages it may import the domain, nothing else.
    files: ['editor/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@hookline/*', '!@hookline/domain'],
              message: 'The editor imports only @hookline/domain of the workspace; reach the rest through the API.',
            },
            {
              group: ['node:*', '@temporalio/*', 'drizzle-orm', 'drizzle-orm/*', 'postgres'],
              message: 'Browser code.',
            },
            { group: ['../../*/src/*', '../../../*'], message: 'Import other packages by name, not by path.' },
          ],
        },
      ],
    },
  },
  {
    // The editor runs in the browser and is type-checked with its own tsconfig (DOM, JSX, bundler resolution).
    files: ['editor/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        projectService: false,
        project: ['./editor/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The benchmark's bare React Flow page: a browser entry with its own tsconfig (DOM, JSX).
    files: ['test/bench/baseline/editor/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        projectService: false,
        project: ['./test/bench/baseline/editor/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['editor/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['scripts/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  }
);
