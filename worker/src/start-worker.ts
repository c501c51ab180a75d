import type { Database } from '@hookline/db';
import type { OperationalEvent } from '@hookline/domain';
import { HOOKLINE_USER_AGENT, createDeliverer, sharedMetrics, type Deliverer } from '@hookline/services';
import { createActivities } from './activities/create-activities';
import {
  connectClient,
  emitOperationalEvent,
  handlerHealthListener,
  ensureHandlerCacheSchedule,
  ensureHandlerHealthSchedule,
  ensureRetentionSchedule,
  temporalConnectionSettings,
} from '@hookline/workflows/client';
import type { Config } from '@hookline/services/config';
import type { HandlerHealthListener } from '@hookline/domain';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createLogger } from '@hookline/services/logging';
import type { Logger } from 'pino';
import { startHealthServer, type HealthServer } from './health-server';
import { installRuntimeLogging } from './runtime-logging';
import { ListeningHandlerCache } from './listening-handler-cache';
import { workerTuning } from './worker-tuning';
import { workflowSource } from './workflow-source';

export interface StartWorkerOptions {
  config: Config;
  database: Database;
  log?: Logger;
  /** Replaces the HTTP/script deliverer (unit tests). */
  deliverer?: Deliverer;
  /** How often the snapshot cache checks its LISTEN connection. */
  snapshotHeartbeatMs?: number;
  /** Replaces HOOKLINE_WORKER_HEALTH_PORT; 0 picks a free port, which tests then read from `healthUrl`. */
  healthPort?: number;
  /** Told when the system disables a handler, marks it failing or clears the mark; by default no one is. */
  onHandlerHealthChange?: HandlerHealthListener;
}

export interface RunningWorker {
  handlerCache: ListeningHandlerCache;
  /** `http://HOST:PORT/healthz` as bound, when a health port is configured. */
  healthUrl?: string;
  /**
   * From now on the health endpoint answers 503 `draining`, while the worker still runs: for a process that has been
   * asked to stop and stops other parts first. `stop()` does it too.
   */
  markDraining(): void;
  /** Drains and stops the worker, then closes the health endpoint and the connections. Once, however often called. */
  stop(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, database } = options;
  const log = options.log ?? createLogger({ level: config.logLevel, name: 'hookline-worker' });
  installRuntimeLogging(log);

  const handlerCache = new ListeningHandlerCache({
    database,
    log,
    ...(options.snapshotHeartbeatMs ? { heartbeatMs: options.snapshotHeartbeatMs } : {}),
  });
  const deliverer: Deliverer & { close?: () => Promise<void> } =
    options.deliverer ??
    createDeliverer({
      targetDeny: config.targetDeny,
      targetAllow: config.targetAllow,
      scriptsDir: config.scriptsDir,
      userAgent: HOOKLINE_USER_AGENT,
    });
  const metrics = sharedMetrics();
  const client = await connectClient(config);
  const emitOperational = (event: OperationalEvent) =>
    emitOperationalEvent(client, event, { taskQueue: config.taskQueue });
  const activities = createActivities({
    db: database.db,
    handlerCache,
    deliverer,
    now: () => new Date(),
    metrics,
    firstCallLocal: config.firstCall === 'local',
    temporal: { client, taskQueue: config.taskQueue },
    emitOperational,
    // Each change Hookline makes to a handler's health becomes one of its own events (hookline.handler.*).
    onHandlerHealthChange: options.onHandlerHealthChange ?? handlerHealthListener(emitOperational),
  });

  await handlerCache.start();
  if (!handlerCache.hasSnapshot()) await activities.refreshSnapshot({ reason: 'first start' });

  // The same settings as the client's, from the same function, so that the two cannot reach Temporal differently.
  const connection = await NativeConnection.connect(temporalConnectionSettings(config));
  /** The worker the health endpoint reports on, once it exists: until then it answers 503 'down' (INITIALIZED). */
  let reported: Worker | undefined;
  let drainRequested = false;
  let healthServer: HealthServer | undefined;
  try {
    // Bound before the worker polls, so that a port already taken stops the start before any task has been taken.
    const healthPort = options.healthPort ?? config.workerHealthPort;
    if (healthPort !== undefined) {
      healthServer = await startHealthServer({
        host: config.host,
        port: healthPort,
        source: {
          workerState: () => reported?.getState() ?? 'INITIALIZED',
          drainRequested: () => drainRequested,
          snapshotVersion: () => handlerCache.activeVersion(),
          snapshotListening: () => handlerCache.isListening(),
        },
        metrics: metrics.registry,
      });
      log.info({ url: healthServer.url }, `worker health on ${healthServer.url}`);
    }
    await ensureHandlerCacheSchedule(client, { taskQueue: config.taskQueue, everyMs: config.cacheRefreshMs });
    await ensureRetentionSchedule(client, { taskQueue: config.taskQueue, retentionDays: config.logRetentionDays });
    await ensureHandlerHealthSchedule(client, {
      taskQueue: config.taskQueue,
      everyMs: config.healthCheckMs,
      policy: config.handlerHealth,
    });
    const worker = await Worker.create({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      ...workflowSource(),
      activities,
      ...workerTuning(config),
      // Running activities get 10 s to finish; at 20 s the worker stops whatever still runs (see SHUTDOWN_BOUND_MS).
      shutdownGraceTime: '10 seconds',
      shutdownForceTime: '20 seconds',
    });
    reported = worker;
    const running = worker.run();
    let stopped: Promise<void> | undefined;
    running.catch((err: unknown) => log.error({ err }, 'worker stopped with an error'));
    log.info({ taskQueue: config.taskQueue, namespace: config.temporalNamespace }, 'worker running');
    return {
      handlerCache,
      ...(healthServer ? { healthUrl: healthServer.url } : {}),
      markDraining() {
        drainRequested = true;
      },
      // Once: a second call (a test's teardown after its own stop, a second signal) waits for the first.
      stop() {
        stopped ??= (async () => {
          drainRequested = true;
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running.catch(() => undefined);
          // Closed only now: until the drain is over, a probe must keep hearing 503 'draining', not a refused
          // connection it could take for a crash.
          await healthServer?.close();
          await handlerCache.stop();
          await deliverer.close?.();
          await connection.close();
          await client.connection.close();
        })();
        return stopped;
      },
    };
  } catch (err) {
    await healthServer?.close();
    await handlerCache.stop();
    await deliverer.close?.();
    await connection.close();
    await client.connection.close();
    throw err;
  }
}
