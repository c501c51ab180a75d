import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { assertPostgresReachable, dropRunDatabases } from './postgres';
import { startTemporalDevServer } from './temporal-dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    runId: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = process.env['HOOKLINE_TEMPORAL_BIN'];
  if (!binary) throw new Error('HOOKLINE_TEMPORAL_BIN is not set: run the tests through `npm test`');
  await assertPostgresReachable();
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const temporal = await startTemporalDevServer(binary);
  project.provide('temporalAddress', temporal.address);
  project.provide('runId', runId);
  return async () => {
    await temporal.stop();
    await dropRunDatabases(runId);
  };
}
