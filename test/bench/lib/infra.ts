import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type DevServer, startTemporalDevServer } from '../../support/temporal-dev-server';

export type { DevServer };

export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The Temporal dev server as `npm start` runs it: a file database in WAL mode with synchronous=normal.
 */
export async function startDevServer(binary: string): Promise<DevServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-temporal-'));
  const server = await startTemporalDevServer(binary, {
    args: [
      '--db-filename',
      join(dir, 'temporal.db'),
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    ],
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `hookline_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await again.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

export interface HooklineProcess {
  pid: number;
  /** The API's base URL (api role only). */
  url: string;
  stop(): Promise<void>;
}

/**
 * One Hookline process (`worker`: the Hookline worker plus the bare baseline worker, same settings; `api`: the API),
 * run as a child of this process through tsx, so that the load generator does not share its event loop.
 */
export async function startHooklineProcess(
  role: 'worker' | 'api',
  env: Record<string, string>
): Promise<HooklineProcess> {
  // BENCH_CPU_PROF=<folder>: V8 CPU profiles of each process, written when it stops (open in Chrome's DevTools).
  const profileDir = process.env['BENCH_CPU_PROF'];
  // One file per thread (the main thread, tsx's loader, the workflow threads), in a folder per role.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, role)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'hookline-process.ts'), role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} process did not start within 90 s`)), 90_000);
    child.once('message', (message: { ready?: boolean; url?: string }) => {
      clearTimeout(timer);
      resolve(message.url ?? '');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} process exited with code ${code} before it was ready`));
    });
  });
  child.removeAllListeners('exit');
  return { pid: child.pid ?? 0, url, stop: () => stopChild(child, 20_000) };
}
