import { test as base } from 'vitest';
import { startTestApi, type TestApi } from './api-harness';

/**
 * The route tests' app as a vitest fixture: `test('…', async ({ api }) => …)`, and in hooks
 * `test.beforeEach(async ({ api }) => …)`. File-scoped: started (on an emptied database) the first time a test or hook
 * of the file asks for it, shared by the file's tests, closed when the file is done, whatever failed.
 */
// eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none here
export const test = base.extend('api', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestApi> => {
  const api = await startTestApi();
  onCleanup(() => api.close());
  return api;
});
