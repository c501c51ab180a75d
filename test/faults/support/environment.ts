import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiTarget, type RetryPolicy, createHandler, publish } from './api-client';
import { type PostgresCluster, startPostgresCluster } from './cluster';
import { type DatabaseView, openDatabaseView } from './database-view';
import { type Hookline, startHookline } from './hookline';
import { type ChildHandle, type TemporalProcess, startTemporal } from './processes';
import { type ReceiverProcess, startReceiver } from './receiver';
import { Teardown } from '../../support/teardown';

export const EVENT_TYPE = 'clients.create';

export interface EnvironmentOptions {
  retry: RetryPolicy;
  timeoutMs: number;
  /** Receiver paths, one handler each, called in this order (priority 1, 2, …). */
  paths: string[];
  /** More configuration for Hookline's processes. */
  env?: Record<string, string>;
}

/**
 * What most scenarios run: two handlers, a short per-attempt timeout, and retries quick enough that a scenario ends
 * in seconds yet several times longer than any outage it causes.
 */
export const TWO_QUICK_HANDLERS: EnvironmentOptions = {
  paths: ['/first', '/second'],
  retry: { maxAttempts: 10, initialIntervalMs: 200, backoffCoefficient: 2, maxIntervalMs: 1_000 },
  timeoutMs: 2_000,
};

/** Every real part of one scenario, each in its own process, and the handlers that point at the receiver. */
export interface Environment {
  cluster: PostgresCluster;
  temporal: TemporalProcess;
  temporalDbFile: string;
  receiver: ReceiverProcess;
  hookline: Hookline;
  database: DatabaseView;
  /** Handler id → receiver path. */
  handlers: Map<number, string>;
  /** Hookline's processes as they are now (a restarted worker is a new one). */
  children(): ChildHandle[];
  /** Starts Temporal again on the same port and file (after a kill). */
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates one handler per receiver path, in priority order, and publishes them; answers handler id → path. */
export async function setUpHandlers(
  api: ApiTarget,
  receiverUrl: string,
  options: EnvironmentOptions
): Promise<Map<number, string>> {
  const handlers = new Map<number, string>();
  for (const [i, path] of options.paths.entries()) {
    const id = await createHandler(api, {
      name: `faults ${path}`,
      event: EVENT_TYPE,
      target: `${receiverUrl}${path}`,
      priority: i + 1,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
    handlers.set(id, path);
  }
  await publish(api);
  return handlers;
}

export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const temporalDir = mkdtempSync(join(tmpdir(), 'hookline-faults-temporal-'));
  const temporalDbFile = join(temporalDir, 'temporal.db');
  // Stops whatever did start, newest first, even when a later part failed to.
  const teardown = new Teardown('[faults]');
  teardown.add(() => rmSync(temporalDir, { recursive: true, force: true }));
  const stopAll = () => teardown.run();
  try {
    const cluster = await startPostgresCluster();
    teardown.add(() => cluster.stop());
    let temporal = await startTemporal(temporalDbFile);
    teardown.add(() => temporal.stop());
    const receiver = await startReceiver();
    teardown.add(() => receiver.stop());
    const hookline = await startHookline({
      databaseUrl: cluster.url,
      temporalAddress: temporal.address,
      ...(options.env ? { env: options.env } : {}),
    });
    teardown.add(() => hookline.stop());
    const database = openDatabaseView(cluster.url);
    teardown.add(() => database.close());

    const handlers = await setUpHandlers(hookline, receiver.url, options);

    return {
      cluster,
      get temporal() {
        return temporal;
      },
      temporalDbFile,
      receiver,
      hookline,
      database,
      handlers,
      children: () => [hookline.api, hookline.worker],
      async restartTemporal() {
        temporal = await startTemporal(temporalDbFile, temporal.port);
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
