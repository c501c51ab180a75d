import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, empty database on the real PostgreSQL server, named after the run so teardown finds it. */
export async function createFreshDatabase(runId: string): Promise<string> {
  const name = `hookline_test_${runId}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return urlFor(name);
}

/** Drops one database at once (a large one, so that autovacuum does not work on it under later tests). */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await admin.end();
  }
}

export async function dropRunDatabases(runId: string): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`hookline_test_${runId}_%`}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}

export async function assertPostgresReachable(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await admin`select 1`;
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL}: ${(err as Error).message}`);
  } finally {
    await admin.end();
  }
}
