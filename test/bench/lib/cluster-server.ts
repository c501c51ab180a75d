import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { postgresEndpoint, startTemporalServer } from '@hookline/scripts/temporal-server';
import { freeTemporalServerPorts } from '../../support/ports';
import { ADMIN_URL } from './infra';

export interface ClusterServer {
  address: string;
  pid: number;
  /** Stops the server, drops its two databases and removes its folder. */
  stop(): Promise<void>;
}

/** The namespace the Hookline processes and the bench's client use when none is configured. */
const NAMESPACE = 'default';

/**
 * The real Temporal server as `npm run cluster` runs it — PostgreSQL persistence and SQL visibility, the same dynamic
 * config — on fresh databases of its own (on the bench's PostgreSQL server) and free loopback ports, for one run.
 */
export async function startClusterServer(serverBinary: string, sqlTool: string): Promise<ClusterServer> {
  const prefix = `hookline_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databases = { main: `${prefix}_temporal`, visibility: `${prefix}_temporal_visibility` };
  await warnIfFewConnectionsFree();
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-server-'));
  const cleanUp = async () => {
    await dropDatabases([databases.main, databases.visibility]);
    rmSync(dir, { recursive: true, force: true });
  };
  const server = await startTemporalServer({
    serverBinary,
    sqlTool,
    dir,
    postgres: postgresEndpoint(ADMIN_URL),
    database: databases.main,
    visibilityDatabase: databases.visibility,
    ports: await freeTemporalServerPorts(),
    namespace: NAMESPACE,
    retentionDays: 1,
    logLevel: 'error',
  }).catch(async (err: unknown) => {
    // The schema tool may have created the databases before the server failed.
    await cleanUp();
    throw err;
  });
  const { pid } = server;
  // The server runs in a process group of its own, so neither a Ctrl-C in the terminal nor the bench's own exit
  // reaches it: should the bench die without stopping it, this is its last chance not to leave it running.
  const killOnExit = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  return {
    address: server.address,
    pid,
    async stop() {
      await server.stop();
      process.removeListener('exit', killOnExit);
      await cleanUp();
    },
  };
}

/**
 * Measured at saturation with two worker processes: the server holds about 40 connections (its services each pool
 * their own), Hookline's processes and the bench about 35 more. Too few free, and the run fails on "too many clients"
 * — on a PostgreSQL server that other work shares, say why beforehand.
 */
const CONNECTIONS_NEEDED = 80;

async function warnIfFewConnectionsFree(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await admin<{ max: number; used: number }[]>`
      select current_setting('max_connections')::int as max, (select count(*)::int from pg_stat_activity) as used`;
    const free = row ? row.max - row.used : 0;
    if (free < CONNECTIONS_NEEDED) {
      console.warn(
        `  PostgreSQL has ${free} of its ${row?.max ?? '?'} connections free; the real server's run needs about ` +
          `${CONNECTIONS_NEEDED} and may fail with "too many clients"`
      );
    }
  } finally {
    await admin.end();
  }
}

async function dropDatabases(names: string[]): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    for (const name of names) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
