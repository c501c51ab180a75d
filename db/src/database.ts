import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type every query takes: postgres-js and PGlite both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /**
   * Subscribes to a NOTIFY channel. `onListening` fires when the subscription is (re)established,
   * which is when a subscriber must catch up on anything it may have missed.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; without it the embedded PGlite runs in `dataDir/pg`. */
  databaseUrl?: string | undefined;
  /** Data folder for the embedded database; `memory://` keeps it in memory. */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** Called with the text of every query sent (instrumentation and tests). */
  onQuery?: (query: string) => void;
}

export const MIGRATIONS_FOLDER = join(__dirname, '..', 'migrations');

// Any fixed number works; it only has to be the same in every Hookline process.
const MIGRATION_LOCK_ID = 7_311_042_119;

export async function createDb(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? createPostgres(options.databaseUrl, options) : createPglite(options);
}

function createPostgres(url: string, options: DatabaseOptions): Database {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => undefined,
    ...(options.onQuery ? { debug: (_conn: number, query: string) => options.onQuery?.(query) } : {}),
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // A dedicated connection holds the advisory lock, so concurrent starts apply migrations once.
      const lockClient = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    async listen(channel, onMessage, onListening) {
      const subscription = await client.listen(channel, onMessage, onListening);
      return () => subscription.unlisten();
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

async function createPglite(options: DatabaseOptions): Promise<Database> {
  const dir = options.dataDir === 'memory://' ? 'memory://' : join(options.dataDir, 'pg');
  if (dir !== 'memory://') mkdirSync(dir, { recursive: true });
  // pg_trgm backs the execution-log text search (migration 0001 creates the extension). The
  // package types its contrib modules as ESM only, hence the dynamic import from CommonJS.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const client = await PGlite.create(dir, { extensions: { pg_trgm } });
  const db = drizzlePglite(client, {
    schema,
    ...(options.onQuery ? { logger: { logQuery: (query: string) => options.onQuery?.(query) } } : {}),
  }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      // PGlite is single-process, so there is nobody to race with.
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async listen(channel, onMessage, onListening) {
      const unsubscribe = await client.listen(channel, onMessage);
      onListening?.();
      return unsubscribe;
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
  };
}

/** NOTIFY through the query builder, so it joins the caller's transaction when given one. */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}
