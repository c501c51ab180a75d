import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type DevServer, startTemporalDevServer } from '../../support/temporal-dev-server';
import { onExit } from './cleanup';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildHandle {
  readonly name: string;
  readonly pid: number;
  /** The last few KiB of its output, for failure messages. */
  output(): string;
  exited(): boolean;
  /** `kill -9`: no chance to drain, close connections or finish a call. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => child.once('exit', () => resolveExit()));
}

/** Starts `node <args>` from the repository root, as its own OS process, with exactly this environment added. */
export function spawnNode(name: string, args: string[], env: Record<string, string>, cwd = REPO_ROOT): ChildHandle {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  const unregister = onExit(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
  });
  child.once('exit', unregister);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    pid,
    output: () => tail,
    exited,
    async kill9() {
      if (exited()) return;
      process.kill(pid, 'SIGKILL');
      await waitForExit(child);
    },
    async stop(graceMs = 10_000) {
      if (exited()) return;
      child.kill('SIGTERM');
      await Promise.race([waitForExit(child), sleep(graceMs)]);
      if (!exited()) {
        process.kill(pid, 'SIGKILL');
        await waitForExit(child);
      }
    },
  };
}

export interface TemporalProcess {
  address: string;
  port: number;
  pid: number;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** The Temporal dev server on a file database, so that a restart on the same file finds every workflow again. */
export async function startTemporal(dbFile: string, port?: number): Promise<TemporalProcess> {
  const binary = process.env['HOOKLINE_TEMPORAL_BIN'];
  if (!binary) throw new Error('HOOKLINE_TEMPORAL_BIN is not set: run the tests through `npm test`');
  const server: DevServer = await startTemporalDevServer(binary, {
    ...(port ? { port } : {}),
    args: ['--db-filename', dbFile],
  });
  const unregister = onExit(() => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
  const boundPort = Number(server.address.split(':')[1]);
  return {
    address: server.address,
    port: boundPort,
    pid: server.pid,
    async kill9() {
      process.kill(server.pid, 'SIGKILL');
      // Gone once the port stops answering; the dev server's own child handle reaps it.
      while (isAlive(server.pid)) await sleep(50);
      unregister();
    },
    async stop() {
      await server.stop();
      unregister();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
