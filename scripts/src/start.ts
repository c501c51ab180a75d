/**
 * The supervisor behind `npm start` (DESIGN.md §6 "Running it"), started by scripts/bootstrap.mjs once everything is
 * installed and built.
 *
 *  - Unless TEMPORAL_ADDRESS is set, runs the Temporal dev server ($HOOKLINE_TEMPORAL_BIN server start-dev) with its
 *    database in the data dir, and waits for its frontend port.
 *  - Runs ONE Hookline process (scripts/dist/run-hookline.js: worker and API together, because the embedded PGlite
 *    database is single-process) and prints the URLs and the generated admin key once it reports ready.
 *  - On Ctrl-C / SIGTERM stops Hookline first (its worker still needs Temporal to shut down cleanly), then Temporal.
 *    If either child dies, stops the other and exits non-zero.
 *
 * Both children run detached (their own process group) so that Ctrl-C in the terminal reaches only this process and
 * the shutdown order above holds. Everything persistent lives in the data dir, so a restart keeps all data.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '@hookline/services/config';
import {
  LOOPBACK,
  type Managed,
  StartError,
  Supervisor,
  Tail,
  describeExit,
  eachLine,
  hostPort,
  isRunning,
  manage,
  openLoopbackForLocalTrials,
  say,
  seconds,
  sleep,
  stop,
  tcpReachable,
} from './supervision';

/**
 * A handler call scheduled by a workflow task goes straight back to the worker that completed it, instead of
 * through the server's matching service: measured here, events ran about 1.5x faster (bench: throughput).
 */
const EAGER_ACTIVITIES = ['--dynamic-config-value', 'system.enableActivityEagerExecution=true'];

const ROOT = path.resolve(__dirname, '..', '..');
const TEMPORAL_READY_TIMEOUT_MS = 60_000;
const READY_PREFIX = 'HOOKLINE_READY ';

// ---------------------------------------------------------------------------------------------------------------------
// settings

interface DevServerSettings {
  bin: string;
  port: number;
  uiPort: number;
  namespace: string;
}

interface Settings {
  dataDir: string;
  /** Set when we run the Temporal dev server ourselves; absent when TEMPORAL_ADDRESS points elsewhere. */
  devServer?: DevServerSettings;
}

/** The supervisor's part of the one configuration: where the data lives and where the dev server listens. */
function readSettings(env: NodeJS.ProcessEnv): Settings {
  let config: Config;
  try {
    config = loadConfig(env, ROOT);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(err.message);
    throw err;
  }
  const dataDir = config.dataDir;
  if (config.temporalAddress) return { dataDir };

  const bin = env.HOOKLINE_TEMPORAL_BIN;
  if (!bin) {
    throw new StartError(
      'HOOKLINE_TEMPORAL_BIN is not set. Run `npm start` (it finds or builds the Temporal CLI), point ' +
        'HOOKLINE_TEMPORAL_BIN at a temporal v1.5.1 binary, or set TEMPORAL_ADDRESS to use a running cluster.'
    );
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new StartError(`HOOKLINE_TEMPORAL_BIN=${bin} is not an executable file`);
  }
  const { port, uiPort } = config.devServer;
  return { dataDir, devServer: { bin, port, uiPort, namespace: config.temporalNamespace } };
}

// ---------------------------------------------------------------------------------------------------------------------
// child processes

// ---------------------------------------------------------------------------------------------------------------------
// Temporal dev server

/** Spawns the dev server (handing it to `track` at once, so a shutdown meanwhile stops it) and waits for its port. */
async function startTemporal(
  settings: DevServerSettings,
  dataDir: string,
  track: (managed: Managed) => void
): Promise<Managed> {
  // A leftover dev server (e.g. from a run that was SIGKILLed) would otherwise surface as a confusing bind error.
  for (const [name, port] of [
    ['HOOKLINE_TEMPORAL_PORT', settings.port],
    ['HOOKLINE_TEMPORAL_UI_PORT', settings.uiPort],
  ] as const) {
    if (await tcpReachable(LOOPBACK, port)) {
      throw new StartError(
        `port ${String(port)} (${name}) on ${LOOPBACK} is already in use, perhaps by a Temporal dev server left over from an ` +
          `earlier run. Stop that process, choose another port with ${name}, or use the running server with ` +
          `TEMPORAL_ADDRESS=${hostPort(settings.port)}.`
      );
    }
  }

  const args = ['server', 'start-dev', '--db-filename', path.join(dataDir, 'temporal.db')];
  args.push('--ip', LOOPBACK, '--port', String(settings.port), '--ui-port', String(settings.uiPort));
  args.push('--log-level', 'warn');
  // SQLite's default rollback journal serialises every writer: measured here, starts ran ~4x slower than with a
  // write-ahead log. WAL with synchronous=normal survives a crash of the process (only a power cut may lose the last
  // transactions), which suits a single-machine dev server.
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  args.push(...EAGER_ACTIVITIES);
  // The dev server only creates "default" on its own; a custom TEMPORAL_NAMESPACE must be registered up front.
  if (settings.namespace !== 'default') args.push('--namespace', settings.namespace);

  say(`starting the Temporal dev server on ${hostPort(settings.port)} (data: ${dataDir})`);
  const child = spawn(settings.bin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const temporal = manage('Temporal dev server', child);
  track(temporal);

  // Keep all output for error messages. Pass through only its log (stderr, warnings and errors at --log-level warn)
  // while it runs: stdout is just a banner repeating what we print once ready, and stopping it logs a burst of
  // harmless connection warnings.
  const tail = new Tail();
  let ready = false;
  eachLine(child.stdout, (line) => {
    tail.push(line);
  });
  eachLine(child.stderr, (line) => {
    tail.push(line);
    if (ready && !child.killed) console.error(`[temporal] ${line}`);
  });

  const deadline = Date.now() + TEMPORAL_READY_TIMEOUT_MS;
  while (!(await tcpReachable(LOOPBACK, settings.port))) {
    if (!isRunning(temporal)) {
      const info = await temporal.exited;
      throw new StartError(
        `the Temporal dev server exited during startup (${describeExit(info)}):\n${tail.toString()}`
      );
    }
    if (Date.now() > deadline) {
      await stop(temporal);
      throw new StartError(
        `the Temporal dev server did not accept connections on ${hostPort(settings.port)} within ` +
          `${seconds(TEMPORAL_READY_TIMEOUT_MS)}. Its last output:\n${tail.toString()}`
      );
    }
    await sleep(250);
  }
  ready = true;
  return temporal;
}

// ---------------------------------------------------------------------------------------------------------------------
// Hookline

interface ReadyInfo {
  apiUrl: string;
  adminKey: string | null;
}

function parseReady(json: string): ReadyInfo | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return undefined;
    const { apiUrl, adminKey } = value as Record<string, unknown>;
    if (typeof apiUrl !== 'string') return undefined;
    return { apiUrl, adminKey: typeof adminKey === 'string' ? adminKey : null };
  } catch {
    return undefined;
  }
}

function startHookline(env: NodeJS.ProcessEnv, onReady: (info: ReadyInfo | undefined) => void): Managed {
  const child = spawn(process.execPath, [path.join(__dirname, 'run-hookline.js')], {
    cwd: ROOT,
    env,
    // stdout is parsed for the ready line; the IPC channel lets the child notice if this supervisor dies.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    detached: true,
  });
  if (child.stdout) {
    eachLine(child.stdout, (line) => {
      if (line.startsWith(READY_PREFIX)) onReady(parseReady(line.slice(READY_PREFIX.length)));
      else process.stdout.write(`${line}\n`);
    });
  }
  return manage('Hookline', child);
}

function printReady(info: ReadyInfo | undefined, settings: Settings): void {
  const rows: [string, string][] = [];
  rows.push(['API and editor', info?.apiUrl ?? '(the Hookline process did not report its address)']);
  if (settings.devServer) rows.push(['Temporal UI', `http://${hostPort(settings.devServer.uiPort)}`]);
  if (info?.adminKey) rows.push(['Admin API key', `${info.adminKey}  (generated; shown once, store it)`]);
  rows.push(['Data', settings.dataDir]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const body = rows.map(([label, value]) => `    ${label.padEnd(width)}  ${value}`).join('\n');
  console.log(`\n[hookline] Hookline is ready\n${body}\n    Press Ctrl-C to stop.\n`);
}

// ---------------------------------------------------------------------------------------------------------------------
// main

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  mkdirSync(settings.dataDir, { recursive: true });

  const supervisor = new Supervisor();

  // Repeated signals (Ctrl-C reaches npm, bootstrap and us, and each forwards it) all join the one shutdown.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void supervisor.shutdown(0, `received ${signal}; stopping`));
  }
  // Started by bootstrap with an IPC channel: if bootstrap is killed, do not leave the children running.
  if (process.connected)
    process.on('disconnect', () => void supervisor.shutdown(1, 'parent process went away; stopping'));
  // Last resort for a crash in this process: never leave detached children behind.
  process.on('exit', () => {
    supervisor.killAll();
  });

  const env: NodeJS.ProcessEnv = { ...process.env, HOOKLINE_DATA_DIR: settings.dataDir };
  openLoopbackForLocalTrials(env);
  if (settings.devServer) {
    try {
      supervisor.watch(await startTemporal(settings.devServer, settings.dataDir, supervisor.track));
    } catch (err) {
      if (supervisor.shuttingDown) return; // interrupted while waiting; shutdown() takes it from here
      throw err;
    }
    env.TEMPORAL_ADDRESS = hostPort(settings.devServer.port);
    // Executions link to their workflow in the dev server's own UI, unless another UI was named.
    env.HOOKLINE_TEMPORAL_UI_URL ??= `http://${hostPort(settings.devServer.uiPort)}`;
  } else {
    say(`using the Temporal cluster at ${env.TEMPORAL_ADDRESS ?? ''}`);
  }
  if (supervisor.shuttingDown) return;

  say('starting Hookline (worker and API)');
  const hookline = startHookline(env, (info) => {
    printReady(info, settings);
  });
  supervisor.track(hookline);
  supervisor.watch(hookline);
}

main().catch((err: unknown) => {
  console.error(
    `[hookline] ${err instanceof StartError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`
  );
  process.exit(1);
});
