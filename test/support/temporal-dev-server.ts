import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports';

export interface DevServer {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** Start on this port instead of a free one: a test that restarts a server gets the same address back. */
  port?: number;
  /** More `start-dev` flags, e.g. a file database for benchmarks (in memory otherwise). */
  args?: string[];
}

/** A real Temporal dev server on random loopback ports, for one test run. */
export async function startTemporalDevServer(binary: string, options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    binary,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(await freePort()),
      '--metrics-port',
      String(await freePort()),
      '--log-level',
      'error',
      // As `npm start` runs it: handler calls dispatched eagerly to the worker that scheduled them.
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not start on port ${port}:\n${output}`);
    }
    await sleep(200);
  }
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
