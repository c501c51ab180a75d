// A child process of the bench: `worker` runs the Hookline worker and, beside it with the same settings, the bare
// baseline worker on its own task queue; `api` runs the API. Configured through the environment, like production.
import { startApi } from '@hookline/api';
import { createDb } from '@hookline/db';
import { startWorker, workerTuning } from '@hookline/worker';
import { temporalConnectionSettings } from '@hookline/workflows/client';
import { loadConfig } from '@hookline/services/config';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { join } from 'node:path';
import { createLogger } from '@hookline/services/logging';
import { bareActivities } from '../baseline/activities';

async function main(): Promise<void> {
  const role = process.argv[2];
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.logLevel });
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const stops: (() => Promise<void>)[] = [];
  let url = '';
  if (role === 'worker') {
    const worker = await startWorker({ config, database, log });
    stops.push(() => worker.stop());
    const bareQueue = process.env['BENCH_BARE_TASK_QUEUE'];
    if (bareQueue) {
      const { code } = await bundleWorkflowCode({
        workflowsPath: join(__dirname, '..', 'baseline', 'workflows.ts'),
        logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
      });
      const connection = await NativeConnection.connect(temporalConnectionSettings(config));
      // The same options startWorker gives the Hookline worker, so that only the workflow differs.
      const bare = await Worker.create({
        connection,
        namespace: config.temporalNamespace,
        taskQueue: bareQueue,
        workflowBundle: { code },
        activities: bareActivities,
        ...workerTuning(config),
        shutdownGraceTime: '10 seconds',
      });
      const running = bare.run();
      stops.push(async () => {
        if (bare.getState() === 'RUNNING') bare.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      });
    }
  } else if (role === 'api') {
    // The editor's production build when the bench asks for it (the editor scenario), none otherwise.
    const api = await startApi({ config, database, log, editorDir: process.env['BENCH_EDITOR_DIR'] || null });
    url = api.url;
    stops.push(() => api.stop());
  } else {
    throw new Error(`unknown role ${role}`);
  }
  stops.push(() => database.close());
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      for (const stop of stops) await stop().catch((err: unknown) => console.error(err));
      process.exit(0);
    })();
  });
  process.send?.({ ready: true, url });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
