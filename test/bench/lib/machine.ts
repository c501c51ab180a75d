import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { EngineBinaries, EngineName } from './engines';
import { ADMIN_URL } from './infra';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  kernel: string;
  loadAverage: number[];
  node: string;
  temporalCli: string;
  /** The real server's version when a run used it (`--engine=cluster` or `both`). */
  temporalServer: string;
  postgres: string;
  temporalSdk: string;
  pgTestFsync: string;
}

function tryRun(file: string, args: string[], timeoutMs: number): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** fdatasync ops/s from pg_test_fsync (PostgreSQL's default wal_sync_method on Linux), when the tool is installed. */
function pgTestFsync(skip: boolean): string {
  if (skip) return 'skipped (--smoke)';
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort() : [];
  const binary = versions.map((v) => join(root, v, 'bin', 'pg_test_fsync')).find((p) => existsSync(p));
  if (!binary) return 'not available';
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-fsync-'));
  try {
    const out = tryRun(binary, ['-s', '1', '-f', join(dir, 'probe')], 60_000);
    const line = out.split('\n').find((l) => /^\s*fdatasync\s/.test(l));
    return line ? `${line.trim().replace(/\s+/g, ' ')} (1 s, 8 kB writes)` : 'failed to run';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function describeMachine(
  binaries: EngineBinaries,
  engines: EngineName[],
  smoke: boolean
): Promise<Machine> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  let version = 'unknown';
  try {
    const [row] = await admin<{ version: string }[]>`select version()`;
    version = row?.version.split(' on ')[0] ?? version;
  } finally {
    await admin.end();
  }
  let sdk = '';
  try {
    sdk = (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    sdk = 'unknown';
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    temporalCli: tryRun(binaries.cli, ['--version'], 10_000).trim() || 'unknown',
    temporalServer: engines.includes('cluster')
      ? tryRun(binaries.server, ['--version'], 10_000).trim() || 'unknown'
      : 'not used',
    postgres: version,
    temporalSdk: sdk,
    pgTestFsync: pgTestFsync(smoke),
  };
}
