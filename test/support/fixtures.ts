import { test as base } from 'vitest';
import { Receiver } from './receiver';
import { type Stack, type StackOptions, startStack } from './stack';

/**
 * The integration tests' shared set-up, as vitest fixtures. Use this `test` (or `it`) instead of vitest's and ask for
 * what a test needs by name: `test('…', async ({ stack, receiver }) => …)`; hooks get them the same way through
 * `test.beforeAll(async ({ stack, receiver }) => …)`.
 *
 * Both are file-scoped: started the first time a test or a hook of the file asks for them, shared by every test of the
 * file (the files are written as one scenario each, their tests building on what the earlier ones left), and stopped
 * once the file is done, whatever failed, in the reverse order of their start.
 */
export const test = base
  /**
   * How the file's stack is started. Change it at the top level of a file, before any test:
   * `test.override('stackOptions', { database: 'pglite' })`. (Vitest runs each file in its own module graph, so the
   * override stays within that file.)
   */
  .extend('stackOptions', { scope: 'file' }, {} as StackOptions)
  /** A real HTTP receiver on loopback that handlers deliver to. */
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none here
  .extend('receiver', { scope: 'file' }, async ({}, { onCleanup }) => {
    const receiver = await new Receiver().start();
    onCleanup(() => receiver.stop());
    return receiver;
  })
  /** Hookline's worker and API in this process, on the run's Temporal and a fresh database of the file's own. */
  .extend('stack', { scope: 'file' }, async ({ stackOptions }, { onCleanup }): Promise<Stack> => {
    const stack = await startStack(stackOptions);
    onCleanup(() => stack.stop());
    return stack;
  });

export const it = test;
