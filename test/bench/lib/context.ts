import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import {
  type DevServer,
  createBenchDatabase,
  startDevServer,
  startHooklineProcess,
  type HooklineProcess,
} from './infra';
import { CpuMeter } from './cpu';
import { FastReceiver } from './receiver';

export interface BenchContext {
  temporal: DevServer;
  client: Client;
  sql: postgres.Sql;
  apiUrl: string;
  adminKey: string;
  taskQueue: string;
  bareQueue: string;
  worker: HooklineProcess;
  api: HooklineProcess;
  receiver: FastReceiver;
  /** CPU time of the dev server, the worker, the API, PostgreSQL's processes and the bench itself. */
  cpu: CpuMeter;
  /** The environment the worker and API processes were started with. */
  env: Readonly<Record<string, string>>;
  api$<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** One dev server, one PostgreSQL database, one worker process, one API process, one receiver. */
export async function startContext(temporalBin: string): Promise<BenchContext> {
  const temporal = await startDevServer(temporalBin);
  const database = await createBenchDatabase();
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
  // The API migrates first; the worker's migrate then finds nothing to do.
  const api = await startHooklineProcess('api', env);
  const worker = await startHooklineProcess('worker', { ...env, BENCH_BARE_TASK_QUEUE: bareQueue });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const sql = postgres(database.url, { max: 4, onnotice: () => undefined });
  const receiver = await new FastReceiver().start();
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
  return {
    temporal,
    client,
    sql,
    apiUrl: api.url,
    adminKey,
    taskQueue,
    bareQueue,
    worker,
    api,
    receiver,
    cpu: new CpuMeter([
      { name: 'temporal', pids: () => [temporal.pid] },
      { name: 'worker', pids: () => [worker.pid] },
      { name: 'api', pids: () => [api.pid] },
      { name: 'postgres', comm: 'postgres' },
      { name: 'bench', pids: () => [process.pid] },
    ]),
    env,
    api$,
    async stop() {
      await receiver.stop();
      await api.stop();
      await worker.stop();
      await connection.close();
      await sql.end({ timeout: 5 });
      await temporal.stop();
      await database.drop();
    },
  };
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
