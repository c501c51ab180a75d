/**
 * What the supervisors behind `npm start` and `npm run cluster` share: their children, how one is stopped, and the one
 * shutdown sequence (newest child first).
 */
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

export const LOOPBACK = '127.0.0.1';
const STOP_TIMEOUT_MS = 30_000;

/** An error whose message is all the user needs (printed without a stack trace). */
export class StartError extends Error {}

export function say(message: string): void {
  console.log(`[hookline] ${message}`);
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<ExitInfo>;
}

export function manage(name: string, child: ChildProcess): Managed {
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
    // 'error' without 'exit' means it never started (e.g. ENOENT); report it as an exit so callers see one event.
    child.once('error', (err) => {
      if (child.pid === undefined) {
        console.error(`[hookline] could not start ${name}: ${err.message}`);
        resolve({ code: 127, signal: null });
      }
    });
  });
  return { name, child, exited };
}

export function isRunning({ child }: Managed): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `killed by ${signal}` : `exit code ${String(code)}`;
}

/** SIGTERM, then SIGKILL if it is still running after STOP_TIMEOUT_MS. */
export async function stop(managed: Managed): Promise<void> {
  if (!isRunning(managed)) return;
  managed.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([managed.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout' && isRunning(managed)) {
    say(`${managed.name} did not stop within ${seconds(STOP_TIMEOUT_MS)}; killing it`);
    managed.child.kill('SIGKILL');
    await managed.exited;
  }
}

/** Calls onLine for each complete line of a stream. */
export function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const seconds = (ms: number): string => `${String(ms / 1000)} s`;

export const hostPort = (port: number): string => `${LOOPBACK}:${String(port)}`;

/** The last lines a child printed, for error messages. */
export class Tail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 30) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  toString(): string {
    return this.lines.length > 0 ? this.lines.map((l) => `  | ${l}`).join('\n') : '  (no output)';
  }
}

/** What `npm start` and `npm run cluster` open when the user's environment opens nothing: receivers here. */
const LOCAL_TRIAL_ALLOW = '127.0.0.0/8,::1/128';

/**
 * Loopback is denied to HTTP handlers by default (it holds the API and the Temporal UI), but a local
 * trial's receivers usually listen there: `npm start` and `npm run cluster` open it, and say so at start, unless the user
 * gave HOOKLINE_TARGET_ALLOW themselves. Both loopback families are opened, because a host name
 * such as `localhost` that resolves to one allowed and one denied address is refused whole.
 */
export function openLoopbackForLocalTrials(env: NodeJS.ProcessEnv): void {
  if ((env.HOOKLINE_TARGET_ALLOW ?? '').trim() !== '') return;
  env.HOOKLINE_TARGET_ALLOW = LOCAL_TRIAL_ALLOW;
  say(
    `HTTP handlers may reach loopback (HOOKLINE_TARGET_ALLOW=${LOCAL_TRIAL_ALLOW}) — for local trials; ` +
      'unset in production'
  );
}

/** The children and the one shutdown sequence. */
export class Supervisor {
  // In start order, each with its tier: a shutdown stops the highest tier first, the members of a tier together.
  private readonly children: { managed: Managed; tier: number }[] = [];
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  /**
   * Call as soon as a child is spawned, so that a shutdown stops it even while it is still starting. Without a tier,
   * each child is its own, after the ones before it: stopped newest first, one at a time.
   */
  readonly track = (managed: Managed, tier = this.children.length): void => {
    this.children.push({ managed, tier });
  };

  /** Call once a child is up: from then on its exit is a failure, unless we are shutting down. */
  watch(managed: Managed): void {
    void managed.exited.then((info) => {
      if (!this.stopping)
        void this.shutdown(1, `${managed.name} exited unexpectedly (${describeExit(info)}); stopping`);
    });
  }

  /** Stops the children, highest tier first, then exits. Later calls join the shutdown already under way. */
  async shutdown(exitCode: number, reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    say(reason);
    const tiers = [...new Set(this.children.map((c) => c.tier))].sort((a, b) => b - a);
    for (const tier of tiers) {
      await Promise.all(this.children.filter((c) => c.tier === tier).map((c) => stop(c.managed)));
    }
    process.exit(exitCode);
  }

  killAll(): void {
    for (const { managed } of this.children) if (isRunning(managed)) managed.child.kill('SIGKILL');
  }
}
