import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TemporalServer, postgresEndpoint, startTemporalServer } from '@hookline/scripts/temporal-server';
import type { ApiTarget } from '../../faults/support/api-client';
import type { Measured } from '../../faults/support/checks';
import { onExit } from '../../faults/support/cleanup';
import { type DatabaseView, openDatabaseView } from '../../faults/support/database-view';
import { type EnvironmentOptions, setUpHandlers } from '../../faults/support/environment';
import { type ChildHandle, spawnNode } from '../../faults/support/processes';
import { type ReceiverProcess, startReceiver } from '../../faults/support/receiver';
import { freePort, freeTemporalServerPorts } from '../../support/ports';
import { Teardown } from '../../support/teardown';
import { startPostgresCluster } from '../../faults/support/cluster';

/** One API process of the cluster. */
export interface ApiProcess extends ApiTarget {
  process: ChildHandle;
}

/** One worker process of the cluster, with the health endpoint a process manager would probe. */
export interface WorkerProcess {
  process: ChildHandle;
  healthUrl: string;
}

export interface WorkerHealth {
  status: string;
  state: string;
  snapshot: { version: number | null; listening: boolean };
}

export interface ClusterEnvironment extends Measured {
  temporal: TemporalServer;
  /** Hookline's database (the Temporal server has two more of its own on the same PostgreSQL). */
  databaseUrl: string;
  database: DatabaseView;
  receiver: ReceiverProcess;
  apis: ApiProcess[];
  workers: WorkerProcess[];
  adminKey: string;
  handlers: Map<number, string>;
  stop(): Promise<void>;
}

export interface ClusterOptions extends EnvironmentOptions {
  workers: number;
  apis: number;
}

/**
 * Hookline past one machine: a real Temporal server (go.temporal.io/server, persistence and visibility in PostgreSQL),
 * then `workers` worker and `apis` API processes, all started at the same moment as a rollout would, all on a private
 * PostgreSQL cluster that the teardown removes.
 */
export async function startClusterEnvironment(options: ClusterOptions): Promise<ClusterEnvironment> {
  const serverBinary = process.env['HOOKLINE_TEMPORAL_SERVER_BIN'];
  const sqlTool = process.env['HOOKLINE_TEMPORAL_SQL_BIN'];
  if (!serverBinary || !sqlTool) {
    throw new Error(
      'HOOKLINE_TEMPORAL_SERVER_BIN and HOOKLINE_TEMPORAL_SQL_BIN are not set: run the tests through `npm test`'
    );
  }
  const teardown = new Teardown('[cluster]');
  const stopAll = () => teardown.run();
  try {
    // A PostgreSQL of the cluster's own: the Temporal server's pools and four Hookline processes under load need more
    // connections than the shared server allows beside the rest of the suite.
    const postgresCluster = await startPostgresCluster();
    teardown.add(() => postgresCluster.stop());
    const databaseUrl = postgresCluster.url;
    const serverDir = mkdtempSync(join(tmpdir(), 'hookline-cluster-temporal-'));
    teardown.add(() => rmSync(serverDir, { recursive: true, force: true }));
    const temporal = await startTemporalServer({
      serverBinary,
      sqlTool,
      dir: serverDir,
      postgres: postgresEndpoint(databaseUrl),
      database: 'temporal',
      visibilityDatabase: 'temporal_visibility',
      ports: await freeTemporalServerPorts(),
      namespace: 'default',
      onSpawn: (child) => {
        const unregister = onExit(() => child.kill('SIGKILL'));
        child.once('exit', unregister);
      },
    });
    teardown.add(() => temporal.stop());

    const receiver = await startReceiver();
    teardown.add(() => receiver.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'hookline-cluster-data-'));
    teardown.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const adminKey = `hl_cluster_${randomBytes(16).toString('hex')}`;
    const common: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      HOST: '127.0.0.1',
      HOOKLINE_DATA_DIR: dataDir,
      HOOKLINE_ADMIN_KEY: adminKey,
      HOOKLINE_TARGET_ALLOW: '127.0.0.0/8',
      // Long enough that no scheduled refresh stores a test's change before the test publishes it.
      HOOKLINE_CACHE_REFRESH: '1h',
      HOOKLINE_LOG_LEVEL: 'warn',
    };

    // Everything at once: the migration lock and the idempotent schedules are what this start exercises.
    const workers: WorkerProcess[] = [];
    const apis: ApiProcess[] = [];
    for (let i = 1; i <= options.workers; i += 1) {
      const healthPort = await freePort();
      const handle = spawnNode(`worker-${i}`, ['worker/dist/main.js'], {
        ...common,
        HOOKLINE_WORKER_HEALTH_PORT: String(healthPort),
      });
      teardown.add(() => handle.stop());
      workers.push({ process: handle, healthUrl: `http://127.0.0.1:${healthPort}/healthz` });
    }
    for (let i = 1; i <= options.apis; i += 1) {
      const port = await freePort();
      const handle = spawnNode(`api-${i}`, ['api/dist/main.js'], { ...common, PORT: String(port) });
      teardown.add(() => handle.stop());
      apis.push({ process: handle, apiUrl: `http://127.0.0.1:${port}`, adminKey });
    }
    const children = () => [...workers.map((w) => w.process), ...apis.map((a) => a.process)];
    await waitUntilReady(apis, workers, children);

    const database = openDatabaseView(databaseUrl);
    teardown.add(() => database.close());
    const handlers = await setUpHandlers(apis[0]!, receiver.url, options);
    return { temporal, databaseUrl, database, receiver, apis, workers, adminKey, handlers, children, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Reads one worker's health endpoint; null while it does not answer. */
export async function workerHealth(worker: WorkerProcess): Promise<{ code: number; body: WorkerHealth } | null> {
  try {
    const response = await fetch(worker.healthUrl, { signal: AbortSignal.timeout(2_000) });
    return { code: response.status, body: (await response.json()) as WorkerHealth };
  } catch {
    return null;
  }
}

/** Every API healthy (PostgreSQL, Temporal, a polling worker) and every worker's own probe at 200. */
async function waitUntilReady(
  apis: ApiProcess[],
  workers: WorkerProcess[],
  children: () => ChildHandle[]
): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = '';
  for (;;) {
    for (const child of children()) {
      if (child.exited()) throw new Error(`${child.name} exited during start:\n${child.output()}`);
    }
    const answers = await Promise.all([
      ...apis.map(async (api) => {
        try {
          const response = await fetch(`${api.apiUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
          return response.ok ? 'ok' : `${api.process.name}: ${await response.text()}`;
        } catch (err) {
          return `${api.process.name}: ${(err as Error).message}`;
        }
      }),
      ...workers.map(async (worker) => {
        const health = await workerHealth(worker);
        return health?.code === 200 ? 'ok' : `${worker.process.name}: ${JSON.stringify(health)}`;
      }),
    ]);
    const waiting = answers.filter((a) => a !== 'ok');
    if (waiting.length === 0) return;
    last = waiting.join('; ');
    if (Date.now() > deadline) throw new Error(`the cluster did not become ready: ${last}`);
    await sleep(250);
  }
}
