import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@hookline/db';
import { HOOKLINE_USER_AGENT, createDeliverer, sharedMetrics, type HooklineMetrics } from '@hookline/services';
import { connectClient } from '@hookline/workflows/client';
import type { Config } from '@hookline/services/config';
import { createLogger } from '@hookline/services/logging';
import type { Logger } from 'pino';
import { ensureAdminKey } from './keys/admin-key';
import { createApp } from './app';
import { bindHooklineTemporal } from './temporal/hookline';

export interface StartApiOptions {
  config: Config;
  /** Migrated already; owned by the caller, who closes it after stop(). */
  database: Database;
  log?: Logger;
  /** Overrides the editor build to serve (null: none). */
  editorDir?: string | null;
  /** Defaults to the process-wide registry, which a worker in the same process counts into too. */
  metrics?: HooklineMetrics;
}

export interface RunningApi {
  url: string;
  /** A freshly generated admin key, to be shown once; null when none was generated. */
  adminKey: string | null;
  stop(): Promise<void>;
}

// In-flight requests get this long to finish on stop before their connections are cut.
const DRAIN_MS = 10_000;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts one API process: its one Temporal Client, the listening server, then the admin key —
 * last, so that a key generated here is never lost to a failure after it was stored.
 */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { config, database } = options;
  const log = options.log ?? createLogger({ level: config.logLevel });
  const temporal = await connectClient(config);
  // Test sends go through the worker's own delivery code, under the same target policy.
  const deliverer = createDeliverer({
    targetDeny: config.targetDeny,
    targetAllow: config.targetAllow,
    scriptsDir: config.scriptsDir,
    userAgent: HOOKLINE_USER_AGENT,
  });
  const app = createApp({
    config,
    database,
    temporal,
    hookline: bindHooklineTemporal(temporal, config),
    deliverer,
    metrics: options.metrics ?? sharedMetrics(),
    log,
    ...(options.editorDir === undefined ? {} : { editorDir: options.editorDir }),
  });
  const server = createServer(app);

  const stop = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    try {
      await closed;
    } finally {
      clearTimeout(cut);
      await deliverer.close();
      await temporal.connection.close();
    }
  };

  let address: AddressInfo;
  let adminKey: string | null;
  try {
    address = await listen(server, config.port, config.host);
    adminKey = await ensureAdminKey(database.db, config.adminKey, log);
  } catch (err) {
    if (server.listening) await stop();
    else {
      await deliverer.close();
      await temporal.connection.close();
    }
    throw err;
  }
  const url = urlOf(address);
  log.info({ url }, 'Hookline API listening');
  let stopping: Promise<void> | null = null;
  return { url, adminKey, stop: () => (stopping ??= stop()) };
}
