import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from '../../support/ports';
import { onExit } from './cleanup';

const BIN = process.env['HOOKLINE_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
// PostgreSQL refuses to run as root; as root, the cluster belongs to this OS user, otherwise to whoever runs the tests.
const OS_USER = 'postgres';
const AS_ROOT = process.getuid?.() === 0;

/** The command line that runs one PostgreSQL binary as the cluster's owner. */
function commandLine(command: string, args: string[]): [string, string[]] {
  return AS_ROOT ? ['runuser', ['-u', OS_USER, '--', join(BIN, command), ...args]] : [join(BIN, command), args];
}

export interface PostgresCluster {
  /** postgres://… of the cluster's `hookline` database. */
  url: string;
  port: number;
  /** Stops the server (`-m fast`), keeps it down `downMs`, starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

function asOsUser(command: string, args: string[]): string {
  return execFileSync(...commandLine(command, args), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The same, without blocking the test's event loop: load and probes keep running while the server stops. */
async function asOsUserAsync(command: string, args: string[]): Promise<void> {
  await promisify(execFile)(...commandLine(command, args));
}

function ownerIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp folder, a free loopback port), so that it can be stopped
 * and restarted without touching the server other suites share.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const root = mkdtempSync(join(tmpdir(), 'hookline-faults-pg-'));
  const chown = (path: string) => {
    if (!AS_ROOT) return;
    const { uid, gid } = ownerIds();
    chownSync(path, uid, gid);
  };
  chown(root);
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  mkdirSync(socketDir);
  chown(socketDir);
  const logFile = join(root, 'server.log');
  const port = await freePort();

  asOsUser('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  // fsync off: every stop in these tests is a clean one (fast shutdown checkpoints), and it spares the shared disk.
  const serverOptions = `-k ${socketDir} -h 127.0.0.1 -p ${port} -c fsync=off -c max_connections=200`;
  const startArgs = ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start'];
  const stopArgs = ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'];

  let running = false;
  // A failed test or a crashed runner must not leave a postmaster behind.
  const unregister = onExit(() => {
    if (running) spawnSync(...commandLine('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']));
    rmSync(root, { recursive: true, force: true });
  });

  try {
    asOsUser('pg_ctl', startArgs);
    running = true;
    asOsUser('psql', ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-q', '-c', 'create database hookline']);
  } catch (err) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
    if (running) spawnSync(...commandLine('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']));
    unregister();
    rmSync(root, { recursive: true, force: true });
    throw new Error(`private PostgreSQL cluster did not start: ${(err as Error).message}\n${log}`);
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/hookline`,
    port,
    async restart({ downMs = 0 } = {}) {
      if (downMs === 0) {
        await asOsUserAsync('pg_ctl', [
          '-D',
          dataDir,
          '-l',
          logFile,
          '-o',
          serverOptions,
          '-m',
          'fast',
          '-w',
          'restart',
        ]);
        return;
      }
      // As `pg_ctl restart -m fast`, with the gap between stop and start held open long enough for clients to notice.
      await asOsUserAsync('pg_ctl', stopArgs);
      running = false;
      await sleep(downMs);
      await asOsUserAsync('pg_ctl', startArgs);
      running = true;
    },
    async stop() {
      if (running) {
        try {
          await asOsUserAsync('pg_ctl', stopArgs);
        } catch {
          await asOsUserAsync('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
        }
        running = false;
      }
      unregister();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
