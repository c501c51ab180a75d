/**
 * The supervisor behind `npm run cluster`: Hookline as it is deployed past one machine, all on this one.
 *
 *  - A real Temporal server (go.temporal.io/server v1.29.1, built by bootstrap), persistence and visibility both in
 *    PostgreSQL: the databases `hookline_temporal` and `hookline_temporal_visibility` on the server of DATABASE_URL.
 *  - Hookline's own data in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hookline_cluster), created when
 *    missing.
 *  - Two `hookline-worker` and two `hookline-api` processes, the programs a deployment runs (worker/dist/main.js,
 *    api/dist/main.js), all started at the same moment: migrations and the schedules must cope with that.
 *  - Prints each API's URL on a line of its own, and the admin key when it is new.
 *
 * Ctrl-C stops the APIs and workers together (each drains within its shutdown bound), then the server. Everything
 * lives in PostgreSQL, plus the admin key and the server's generated config in <data dir>/cluster, so a restart keeps
 * all data.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '@hookline/services/config';
import postgres from 'postgres';
import {
  LOOPBACK,
  type Managed,
  StartError,
  Supervisor,
  eachLine,
  hostPort,
  manage,
  openLoopbackForLocalTrials,
  say,
  sleep,
  tcpReachable,
} from './supervision';
import { spawn } from 'node:child_process';
import { type TemporalServerPorts, portsFromFrontend, postgresEndpoint, startTemporalServer } from './temporal-server';

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hookline_cluster';
const TEMPORAL_DATABASE = 'hookline_temporal';
const TEMPORAL_VISIBILITY_DATABASE = 'hookline_temporal_visibility';
const READY_TIMEOUT_MS = 120_000;

// Stopped in this order, highest first: Hookline's processes together, then the server they need to drain.
const TIER_TEMPORAL = 0;
const TIER_HOOKLINE = 1;

interface ClusterSettings {
  config: Config;
  databaseUrl: string;
  clusterDir: string;
  workers: number;
  apis: number;
  temporalPorts: TemporalServerPorts;
  serverBinary: string;
  sqlTool: string;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 8) throw new StartError(`${name} must be a whole number 1-8`);
  return value;
}

function executable(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value || !existsSync(value)) {
    throw new StartError(`${name} is not set or not a file: run \`npm run cluster\`, which builds the Temporal server`);
  }
  return value;
}

function readSettings(env: NodeJS.ProcessEnv): ClusterSettings {
  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  let config: Config;
  try {
    config = loadConfig({ ...env, DATABASE_URL: databaseUrl }, ROOT);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(err.message);
    throw err;
  }
  if (config.temporalAddress) {
    throw new StartError(
      'TEMPORAL_ADDRESS is set, but `npm run cluster` runs its own Temporal server. Unset it, or run ' +
        '`node worker/dist/main.js` and `node api/dist/main.js` against that cluster yourself (README, "Running in production").'
    );
  }
  return {
    config,
    databaseUrl,
    clusterDir: path.join(config.dataDir, 'cluster'),
    workers: count(env, 'HOOKLINE_CLUSTER_WORKERS', 2),
    apis: count(env, 'HOOKLINE_CLUSTER_APIS', 2),
    temporalPorts: portsFromFrontend(config.devServer.port),
    serverBinary: executable(env, 'HOOKLINE_TEMPORAL_SERVER_BIN'),
    sqlTool: executable(env, 'HOOKLINE_TEMPORAL_SQL_BIN'),
  };
}

/** Hookline's database on the given server, created on first start (the migrations then fill it). */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new StartError('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined, connect_timeout: 10 });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) {
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
      say(`created database ${name}`);
    }
  } catch (err) {
    throw new StartError(`could not reach or prepare PostgreSQL for ${name}: ${(err as Error).message}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The admin key all APIs share, generated at the first start and kept (owner-only) in the cluster folder, as a
 * deployment would keep HOOKLINE_ADMIN_KEY in its secret store. Returns it and whether it is new.
 */
function adminKey(clusterDir: string): { key: string; file: string; created: boolean } {
  const file = path.join(clusterDir, 'admin-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), file, created: false };
  const key = `hl_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file, created: true };
}

async function assertPortsFree(ports: [string, number][]): Promise<void> {
  for (const [what, port] of ports) {
    if (await tcpReachable(LOOPBACK, port)) {
      throw new StartError(
        `port ${port} (${what}) on ${LOOPBACK} is already in use, perhaps by a cluster or dev server left over from ` +
          'an earlier run. Stop it, or move the cluster with PORT and HOOKLINE_TEMPORAL_PORT.'
      );
    }
  }
}

/** One Hookline process (`node <script>`), its output prefixed with its name. */
function startHooklineProcess(name: string, script: string, env: NodeJS.ProcessEnv): Managed {
  const child = spawn(process.execPath, [path.join(ROOT, script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) eachLine(stream, (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return manage(name, child);
}

/** Waits until the API answers /api/health with database, Temporal and a polling worker all ok. */
async function waitForApi(url: string, api: Managed, supervisor: Supervisor): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (!supervisor.shuttingDown) {
    if (api.child.exitCode !== null || api.child.signalCode !== null) throw new StartError(`${api.name} exited`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = await response.text();
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new StartError(`${api.name} at ${url} was not healthy in time: ${last}`);
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const { config } = settings;
  mkdirSync(settings.clusterDir, { recursive: true });
  const supervisor = new Supervisor();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void supervisor.shutdown(0, `received ${signal}; stopping`));
  }
  if (process.connected) {
    process.on('disconnect', () => void supervisor.shutdown(1, 'parent process went away; stopping'));
  }
  process.on('exit', () => supervisor.killAll());

  const apiPorts = Array.from({ length: settings.apis }, (_, i) => config.port + i);
  // Each worker's probe and metrics (GET /healthz, GET /metrics), ten above the APIs: 8797, 8798, …
  const workerHealthPorts = Array.from({ length: settings.workers }, (_, i) => config.port + 10 + i);
  const tp = settings.temporalPorts;
  await assertPortsFree([
    ...apiPorts.map((port, i): [string, number] => [`API ${i + 1}`, port]),
    ...workerHealthPorts.map((port, i): [string, number] => [`worker ${i + 1} health`, port]),
    ['Temporal frontend', tp.frontend],
    ['Temporal history', tp.history],
    ['Temporal matching', tp.matching],
    ['Temporal worker', tp.worker],
    ['Temporal metrics', tp.metrics],
  ]);

  await ensureDatabase(settings.databaseUrl);
  say(`starting the Temporal server on ${hostPort(tp.frontend)} (PostgreSQL persistence and visibility)`);
  const server = await startTemporalServer({
    serverBinary: settings.serverBinary,
    sqlTool: settings.sqlTool,
    dir: settings.clusterDir,
    postgres: postgresEndpoint(settings.databaseUrl),
    database: TEMPORAL_DATABASE,
    visibilityDatabase: TEMPORAL_VISIBILITY_DATABASE,
    ports: tp,
    namespace: config.temporalNamespace,
    retentionDays: config.logRetentionDays,
    say,
    onSpawn: (child) => {
      const managed = manage('Temporal server', child);
      supervisor.track(managed, TIER_TEMPORAL);
      supervisor.watch(managed);
    },
    // Only what is worth an operator's eye: the server logs JSON at warn level and up. Stopping it logs a burst of
    // harmless connection errors between its own services, so nothing is passed through once a shutdown began.
    onOutput: (line) => {
      if (!supervisor.shuttingDown) process.stdout.write(`[temporal] ${line}\n`);
    },
  });
  if (supervisor.shuttingDown) return;

  const key = adminKey(settings.clusterDir);
  const trialEnv: NodeJS.ProcessEnv = { ...process.env };
  openLoopbackForLocalTrials(trialEnv);
  const common: NodeJS.ProcessEnv = {
    ...trialEnv,
    DATABASE_URL: settings.databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    HOOKLINE_ADMIN_KEY: key.key,
    HOOKLINE_LOG_LEVEL: process.env.HOOKLINE_LOG_LEVEL ?? 'warn',
  };
  // All at once, as a deployment's rollout starts them: the migration lock and the idempotent schedules are what
  // keep this safe.
  say(`starting ${settings.workers} workers and ${settings.apis} APIs`);
  const apis: { url: string; managed: Managed }[] = [];
  const host = config.host === '0.0.0.0' ? LOOPBACK : config.host;
  for (const [i, healthPort] of workerHealthPorts.entries()) {
    const worker = startHooklineProcess(`worker-${i + 1}`, 'worker/dist/main.js', {
      ...common,
      HOOKLINE_WORKER_HEALTH_PORT: String(healthPort),
    });
    supervisor.track(worker, TIER_HOOKLINE);
    supervisor.watch(worker);
  }
  for (const [i, port] of apiPorts.entries()) {
    const api = startHooklineProcess(`api-${i + 1}`, 'api/dist/main.js', { ...common, PORT: String(port) });
    supervisor.track(api, TIER_HOOKLINE);
    supervisor.watch(api);
    apis.push({ url: `http://${host}:${port}`, managed: api });
  }
  await Promise.all(apis.map((api) => waitForApi(api.url, api.managed, supervisor)));
  if (supervisor.shuttingDown) return;

  const lines = [
    '',
    `[hookline] Hookline cluster is ready: ${settings.workers} workers, ${settings.apis} APIs, Temporal ${server.address}`,
    ...apis.map((api) => api.url),
    `[hookline] Worker probes and metrics: ${workerHealthPorts.map((port) => `http://${host}:${port}/healthz`).join('  ')}`,
    key.created
      ? `[hookline] Admin API key: ${key.key}  (generated; kept in ${key.file})`
      : `[hookline] Admin API key: in ${key.file}`,
    `[hookline] Temporal server metrics: ${server.metricsUrl}`,
    '[hookline] Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(
    `[hookline] ${err instanceof StartError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`
  );
  process.exit(1);
});
