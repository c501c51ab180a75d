import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PASSWORD_VARIABLE,
  type PostgresEndpoint,
  type TemporalServerPorts,
  dynamicConfigYaml,
  temporalServerConfigYaml,
} from './config-file';
import { tcpReachable } from '../supervision';
import { ensureNamespace } from './namespace';
import { setUpTemporalSchemas } from './schema';
import { type TemporalServerTls, frontendClientTls } from './tls';

export interface TemporalServerOptions {
  /** The `server` binary built from go.temporal.io/server/cmd/server. */
  serverBinary: string;
  /** The `sql` binary built from go.temporal.io/server/cmd/tools/sql. */
  sqlTool: string;
  /** Where the generated config lives (the data itself is in PostgreSQL). */
  dir: string;
  postgres: PostgresEndpoint;
  database: string;
  visibilityDatabase: string;
  ports: TemporalServerPorts;
  namespace: string;
  /** Workflow retention of a namespace this creates. */
  retentionDays?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** TLS on the frontend (mutual when it requires client certificates); plain text when absent. */
  tls?: TemporalServerTls;
  say?: (line: string) => void;
  /** Called as soon as the process is spawned (a supervisor tracks it from then on). */
  onSpawn?: (child: ChildProcess) => void;
  /** Every line the server prints (it logs JSON to stdout). */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface TemporalServer {
  address: string;
  pid: number;
  /** Prometheus metrics of the server itself. */
  metricsUrl: string;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill9(): Promise<void>;
}

/** Sets up the schemas, writes the config, starts the server and waits until the namespace answers. */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  await setUpTemporalSchemas({
    sqlTool: options.sqlTool,
    postgres: options.postgres,
    database: options.database,
    visibilityDatabase: options.visibilityDatabase,
    ...(options.say ? { say: options.say } : {}),
  });
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = join(configDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigYaml());
  writeFileSync(
    join(configDir, 'hookline.yaml'),
    temporalServerConfigYaml({
      postgres: options.postgres,
      database: options.database,
      visibilityDatabase: options.visibilityDatabase,
      ports: options.ports,
      dynamicConfigFile,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    })
  );

  const child = spawn(
    options.serverBinary,
    ['--root', options.dir, '--config', 'config', '--env', 'hookline', '--allow-no-auth', 'start'],
    {
      cwd: options.dir,
      env: { ...process.env, [PASSWORD_VARIABLE]: options.postgres.password },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches the supervisor, which stops the server in order.
      detached: true,
    }
  );
  options.onSpawn?.(child);
  const server = track(child, options);
  const address = `127.0.0.1:${options.ports.frontend}`;
  try {
    await waitForPort(child, options.ports.frontend, options.readyTimeoutMs ?? 90_000, server.output);
    await ensureNamespace({
      address,
      ...(options.tls ? { tls: frontendClientTls(options.tls) } : {}),
      namespace: options.namespace,
      retentionDays: options.retentionDays ?? 3,
      deadline: Date.now() + (options.readyTimeoutMs ?? 90_000),
    });
  } catch (err) {
    await server.kill9();
    throw new Error(`${(err as Error).message}\nTemporal server output:\n${server.output()}`);
  }
  const security = options.tls ? (options.tls.requireClientAuth ? ', mutual TLS' : ', TLS') : '';
  options.say?.(`Temporal server on ${address} (namespace ${options.namespace}${security})`);
  return { ...server, address, metricsUrl: `http://127.0.0.1:${options.ports.metrics}/metrics` };
}

function track(
  child: ChildProcess,
  options: Pick<TemporalServerOptions, 'onOutput'>
): Omit<TemporalServer, 'address' | 'metricsUrl'> {
  let tail = '';
  const onChunk = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-8000);
    if (options.onOutput) for (const line of text.split('\n')) if (line.trim()) options.onOutput(line);
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid ?? 0,
    exited,
    output: () => tail,
    async stop(graceMs = 20_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => running() && child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitForPort(child: ChildProcess, port: number, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tcpReachable('127.0.0.1', port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the Temporal server exited during startup (code ${String(child.exitCode)}):\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`the Temporal server did not open port ${port} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
