import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  input: string;
  timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is read and dropped so the child never blocks. */
  outputLimit: number;
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  cancelled: boolean;
  /** The executable could not be started (ENOENT, EACCES, …); nothing ran. */
  spawnError: NodeJS.ErrnoException | null;
}

/** After the process exits, how long its stdout/stderr may stay open (held by a backgrounded child). */
const PIPE_GRACE_MS = 200;

/**
 * Runs one executable with no shell, a clean environment and a hard deadline. The child leads its own
 * process group so that a timeout kills what it started too (a shell script's `sleep`, a pipeline),
 * not only the script — otherwise a grandchild holding stdout would keep the attempt open.
 */
export function runProcess(file: string, options: RunOptions): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const stdout = capture(options.outputLimit);
    const stderr = capture(options.outputLimit);
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    const child = spawn(file, [], {
      shell: false,
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already; make sure the leader is too
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      killGroup();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const settle = (spawnError: NodeJS.ErrnoException | null): void => {
      if (settled) return;
      settled = true;
      // The attempt is over: what the script left running in its group (a `cmd &`) must not outlive it.
      if (spawnError === null) killGroup();
      clearTimeout(timer);
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      resolvePromise({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: stdout.buffer(),
        stderr: stderr.buffer(),
        timedOut,
        cancelled,
        spawnError,
      });
    };

    child.stdout.on('data', stdout.push);
    child.stderr.on('data', stderr.push);
    // A script that ignores its input and exits early makes our write fail with EPIPE; that is its right.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);

    child.on('error', (err: NodeJS.ErrnoException) => {
      // 'error' without 'exit' means it never started; after 'exit' it is a pipe/kill failure we can ignore.
      if (exit === null) settle(err);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      graceTimer = setTimeout(() => settle(null), PIPE_GRACE_MS);
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      exit ??= { code, signal };
      settle(null);
    });
    if (options.signal?.aborted) onAbort();
  });
}

function capture(limit: number): { push: (chunk: Buffer) => void; buffer: () => Buffer } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push: (chunk: Buffer) => {
      if (size >= limit) return;
      const part = chunk.subarray(0, limit - size);
      chunks.push(part);
      size += part.length;
    },
    buffer: () => Buffer.concat(chunks, size),
  };
}
