import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { createBenchDatabase, startHooklineProcess, type HooklineProcess } from './infra';
import { CpuMeter, type CpuTarget } from './cpu';
import { type EngineBinaries, type EngineName, type TemporalEngine, startEngine } from './engines';
import { FastReceiver } from './receiver';
import { Teardown } from '../../support/teardown';

export interface BenchContext {
  engine: EngineName;
  temporal: TemporalEngine;
  client: Client;
  sql: postgres.Sql;
  apiUrl: string;
  adminKey: string;
  taskQueue: string;
  bareQueue: string;
  /** The first worker process, there for the context's whole life (restarted by {@link setWorkerEnv}). */
  readonly worker: HooklineProcess;
  /**
   * Runs the first worker with these variables on top of the context's own, restarting it when they differ from
   * those it runs with (a system that measures another configuration of the same worker).
   */
  setWorkerEnv(extra: Record<string, string>): Promise<void>;
  /** Every worker process running now: the first, then those of {@link startExtraWorker}. */
  workers(): readonly HooklineProcess[];
  /** One more worker process on the same task queues, with the same settings. */
  startExtraWorker(): Promise<HooklineProcess>;
  /** Stops every worker process but the first. */
  stopExtraWorkers(): Promise<void>;
  api: HooklineProcess;
  receiver: FastReceiver;
  /** CPU time of Temporal, each worker process, the API, PostgreSQL's processes and the bench itself. */
  cpu: CpuMeter;
  /** The environment the worker and API processes were started with. */
  env: Readonly<Record<string, string>>;
  api$<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const running = new Set<BenchContext>();

/** Stops every context not yet stopped (on Ctrl-C, say), the newest first; waits for those stopping already. */
export async function stopRunningContexts(): Promise<void> {
  for (const ctx of [...running].reverse()) await ctx.stop();
}

/**
 * One Temporal (a dev server or a real server, see engines.ts), one PostgreSQL database, one worker process, one
 * API process, one receiver. Whatever started is stopped again when a later part fails to.
 */
export async function startContext(engine: EngineName, binaries: EngineBinaries): Promise<BenchContext> {
  const teardown = new Teardown('bench');
  const stopStarted = () => teardown.run();
  try {
    const ctx = await startParts(engine, binaries, teardown, stopStarted);
    running.add(ctx);
    return ctx;
  } catch (err) {
    await stopStarted();
    throw err;
  }
}

async function startParts(
  engine: EngineName,
  binaries: EngineBinaries,
  teardown: Teardown,
  stopStarted: () => Promise<void>
): Promise<BenchContext> {
  const temporal = await startEngine(engine, binaries);
  teardown.add(() => temporal.stop());
  const database = await createBenchDatabase();
  teardown.add(() => database.drop());
  const adminKey = `hl_bench_${randomBytes(16).toString('hex')}`;
  const suffix = randomBytes(4).toString('hex');
  const taskQueue = `hookline-bench-${suffix}`;
  const bareQueue = `bare-bench-${suffix}`;
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    HOOKLINE_ADMIN_KEY: adminKey,
    HOOKLINE_TASK_QUEUE: taskQueue,
    HOOKLINE_CACHE_REFRESH: '12h',
    // Loopback is denied to HTTP handlers by default; the bench's receivers listen there.
    HOOKLINE_TARGET_ALLOW: '127.0.0.0/8',
    HOOKLINE_LOG_LEVEL: process.env['HOOKLINE_BENCH_LOG_LEVEL'] ?? 'warn',
    HOOKLINE_DATA_DIR: `/tmp/hookline-bench-${suffix}`,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const workerEnv = { ...env, BENCH_BARE_TASK_QUEUE: bareQueue };
  // The API migrates first; the worker's migrate then finds nothing to do.
  const api = await startHooklineProcess('api', env);
  teardown.add(() => api.stop());
  let worker = await startHooklineProcess('worker', workerEnv);
  let workerExtra: Record<string, string> = {};
  teardown.add(() => worker.stop());
  const extraWorkers: HooklineProcess[] = [];
  const stopExtraWorkers = async () => {
    for (const extra of extraWorkers.splice(0)) await extra.stop();
  };
  teardown.add(stopExtraWorkers);
  const workers = () => [worker, ...extraWorkers];
  // Extra workers run as the first does now.
  const connection = await Connection.connect({ address: temporal.address });
  teardown.add(() => connection.close());
  const client = new Client({ connection });
  const sql = postgres(database.url, { max: 4, onnotice: () => undefined });
  teardown.add(() => sql.end({ timeout: 5 }));
  const receiver = await new FastReceiver().start();
  teardown.add(() => receiver.stop());
  const api$ = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T };
  };
  const cpuTargets = (): CpuTarget[] => [
    { name: 'temporal', pids: () => [temporal.pid] },
    ...workers().map((w, i) => ({ name: `worker ${i + 1}`, pids: () => [w.pid] })),
    { name: 'api', pids: () => [api.pid] },
    { name: 'postgres', comm: 'postgres' },
    { name: 'bench', pids: () => [process.pid] },
  ];
  let stopping: Promise<void> | undefined;
  const ctx: BenchContext = {
    engine,
    temporal,
    client,
    sql,
    apiUrl: api.url,
    adminKey,
    taskQueue,
    bareQueue,
    get worker() {
      return worker;
    },
    async setWorkerEnv(extra) {
      if (JSON.stringify(extra) === JSON.stringify(workerExtra)) return;
      await worker.stop();
      worker = await startHooklineProcess('worker', { ...workerEnv, ...extra });
      workerExtra = extra;
    },
    workers,
    async startExtraWorker() {
      const extra = await startHooklineProcess('worker', { ...workerEnv, ...workerExtra });
      extraWorkers.push(extra);
      return extra;
    },
    stopExtraWorkers,
    api,
    receiver,
    cpu: new CpuMeter(cpuTargets),
    env,
    api$,
    stop() {
      // Once, however many ask (the end of the run and a Ctrl-C may both): every caller waits for the same teardown.
      stopping ??= stopStarted().finally(() => running.delete(ctx));
      return stopping;
    },
  };
  return ctx;
}

export interface CreatedHandler {
  id: number;
  version: number;
}

export async function createHandler(ctx: BenchContext, fields: Record<string, unknown>): Promise<CreatedHandler> {
  const res = await ctx.api$<CreatedHandler>('POST', '/api/handlers', {
    kind: 'http',
    status: 'enabled',
    retry: { maxAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 },
    timeoutMs: 5_000,
    ...fields,
  });
  if (res.status !== 201) throw new Error(`creating a handler: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function publish(ctx: BenchContext): Promise<number> {
  const res = await ctx.api$<{ version: number }>('POST', '/api/cache/refresh');
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.version;
}
