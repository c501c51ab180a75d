import type { Database } from '@hookline/db';
import { HOOKLINE_USER_AGENT, createActivities, createDeliverer, type Deliverer } from '@hookline/workflows/activities';
import {
  connectClient,
  DEFAULT_TEMPORAL_ADDRESS,
  ensureHandlerCacheSchedule,
  ensureRetentionSchedule,
} from '@hookline/workflows/client';
import type { Config } from '@hookline/workflows/config';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { installRuntimeLogging } from './runtime-logging';
import { SnapshotCache } from './snapshot-cache';
import { workflowSource } from './workflow-source';

export interface StartWorkerOptions {
  config: Config;
  database: Database;
  log?: Logger;
  /** Replaces the HTTP/script deliverer (unit tests). */
  deliverer?: Deliverer;
  /** How often the snapshot cache checks its LISTEN connection. */
  snapshotHeartbeatMs?: number;
}

export interface RunningWorker {
  snapshots: SnapshotCache;
  stop(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, database } = options;
  const log = options.log ?? pino({ level: config.logLevel, name: 'hookline-worker' });
  installRuntimeLogging(log);

  const snapshots = new SnapshotCache({
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
  const activities = createActivities({ db: database.db, snapshots, deliverer, now: () => new Date() });

  await snapshots.start();
  if (!snapshots.hasSnapshot()) await activities.refreshSnapshot({ reason: 'first start' });

  const client = await connectClient(config);
  const connection = await NativeConnection.connect({
    address: config.temporalAddress ?? DEFAULT_TEMPORAL_ADDRESS,
    ...(config.temporalTls ? { tls: true } : {}),
    ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}),
  });
  try {
    await ensureHandlerCacheSchedule(client, { taskQueue: config.taskQueue, everyMs: config.cacheRefreshMs });
    await ensureRetentionSchedule(client, { taskQueue: config.taskQueue, retentionDays: config.logRetentionDays });
    const worker = await Worker.create({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      ...workflowSource(),
      activities,
      // Bounded so memory stays flat however many events are in flight.
      maxCachedWorkflows: config.maxCachedWorkflows,
      shutdownGraceTime: '10 seconds',
    });
    const running = worker.run();
    running.catch((err: unknown) => log.error({ err }, 'worker stopped with an error'));
    log.info({ taskQueue: config.taskQueue, namespace: config.temporalNamespace }, 'worker running');
    return {
      snapshots,
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await snapshots.stop();
        await deliverer.close?.();
        await connection.close();
        await client.connection.close();
      },
    };
  } catch (err) {
    await snapshots.stop();
    await deliverer.close?.();
    await connection.close();
    await client.connection.close();
    throw err;
  }
}
