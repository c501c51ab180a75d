import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '@hookline/api';
import { type Database, createDb } from '@hookline/db';
import { startWorker, type RunningWorker } from '@hookline/worker';
import { connectClient } from '@hookline/workflows/client';
import { type Config, loadConfig } from '@hookline/services/config';
import type { Client } from '@temporalio/client';
import type { HandlerHealthListener } from '@hookline/domain';
import { createLogger } from '@hookline/services/logging';
import { inject } from 'vitest';
import { createFreshDatabase } from './postgres';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  /** Bearer key; the admin key unless given, none when null. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Sent as is, without JSON encoding. */
  raw?: string;
}

export interface Stack {
  config: Config;
  database: Database;
  client: Client;
  /** The running worker; replaced by `restartWorker()`. */
  readonly worker: RunningWorker;
  /**
   * Stops the worker (gracefully, as on SIGTERM) and starts a new one on the same task queue,
   * as a deploy would; `downMs` keeps the task queue without a worker for that long in between.
   */
  restartWorker(options?: { downMs?: number }): Promise<void>;
  apiUrl: string;
  adminKey: string;
  /** Texts of every query this stack sent, while `recordQueries` is on. */
  queries: string[];
  recordQueries: boolean;
  api<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  stop(): Promise<void>;
}

export interface StackOptions {
  database?: 'postgres' | 'pglite';
  env?: Record<string, string>;
  /** A Temporal of the test's own (host:port) instead of the run's shared dev server. */
  temporalAddress?: string;
  /** The worker's operational-events listener, told of each handler the system disables, marks or recovers. */
  onHandlerHealthChange?: HandlerHealthListener;
}

/**
 * The whole of Hookline in this process — worker and API — against the run's real Temporal dev
 * server and a fresh database of its own, on a task queue of its own.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookline-test-'));
  const adminKey = `hl_test_${randomBytes(16).toString('hex')}`;
  const databaseUrl = options.database === 'pglite' ? undefined : await createFreshDatabase(inject('runId'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    TEMPORAL_ADDRESS: options.temporalAddress ?? inject('temporalAddress'),
    HOOKLINE_DATA_DIR: dataDir,
    HOOKLINE_ADMIN_KEY: adminKey,
    HOOKLINE_TASK_QUEUE: `hookline-test-${randomBytes(4).toString('hex')}`,
    // Publishing is explicit in tests: a scheduled refresh landing mid-test would publish edits behind its back.
    HOOKLINE_CACHE_REFRESH: '12h',
    // Likewise the failing-handler check: tests run it when they mean to.
    HOOKLINE_HEALTH_CHECK: '12h',
    HOOKLINE_LOG_LEVEL: process.env['HOOKLINE_TEST_LOG_LEVEL'] ?? 'error',
    // Loopback is denied to HTTP handlers by default; the tests' receivers listen there.
    HOOKLINE_TARGET_ALLOW: '127.0.0.0/8',
    ...options.env,
  });
  const log = createLogger({ level: config.logLevel });
  const recorder = { on: false, queries: [] as string[] };
  const database = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onQuery: (query) => {
      if (recorder.on) recorder.queries.push(query);
    },
  });
  await database.migrate();
  const workerOptions = {
    config,
    database,
    log,
    ...(options.onHandlerHealthChange ? { onHandlerHealthChange: options.onHandlerHealthChange } : {}),
  };
  let worker = await startWorker(workerOptions);
  const api = await startApi({ config, database, log });
  const client = await connectClient(config);

  return {
    config,
    database,
    client,
    get worker() {
      return worker;
    },
    async restartWorker({ downMs = 0 } = {}) {
      await worker.stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      worker = await startWorker(workerOptions);
    },
    apiUrl: api.url,
    adminKey,
    queries: recorder.queries,
    get recordQueries() {
      return recorder.on;
    },
    set recordQueries(on: boolean) {
      recorder.on = on;
    },
    async api<T>(method: string, path: string, body?: unknown, request: RequestOptions = {}) {
      const key = request.key === undefined ? adminKey : request.key;
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(body !== undefined || request.raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...request.headers,
        },
        ...(request.raw !== undefined
          ? { body: request.raw }
          : body !== undefined
            ? { body: JSON.stringify(body) }
            : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
    async stop() {
      await api.stop();
      await worker.stop();
      await client.connection.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
