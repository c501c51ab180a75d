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
import { ensureLogPartitions } from './queries/log-partitions';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type every query takes: postgres-js and PGlite both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /**
   * Applies the committed migrations, then creates the execution log's partitions for today and the days ahead
   * (a fresh database, or one whose daily maintenance has not run lately, takes attempt rows into their day at
   * once); safe to run from several processes at once.
   */
  migrate(): Promise<void>;
  /**
   * Subscribes to a NOTIFY channel. `onListening` fires when the subscription is (re)established,
   * which is when a subscriber must catch up on anything it may have missed.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  /**
   * The same database through connections on which PostgreSQL cancels any statement running longer
   * than `ms` (SQLSTATE 57014, see `isStatementTimeout`): for queries whose cost depends on what a
   * caller asks, so that one request cannot hold a connection and the CPU without bound. A pool of
   * its own, opened on first use and closed with the database, so other work keeps no timeout.
   * PGlite ignores `statement_timeout` (it runs one statement at a time, with no timer to cancel
   * it), so there this is `db` itself, without a bound.
   */
  bounded(ms: number): Db;
  close(): Promise<void>;
}

/** True when PostgreSQL cancelled a statement for running past `statement_timeout`. */
export function isStatementTimeout(err: unknown, depth = 0): boolean {
  if (depth > 8 || typeof err !== 'object' || err === null) return false;
  if ((err as { code?: unknown }).code === '57014') return true;
  return isStatementTimeout((err as { cause?: unknown }).cause, depth + 1);
}

export interface DatabaseOptions {
  /** PostgreSQL URL; without it the embedded PGlite runs in `dataDir/pg`. */
  databaseUrl?: string | undefined;
  /** Data folder for the embedded database; `memory://` keeps it in memory. */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /**
   * Shown as `application_name` in `pg_stat_activity` for every connection of this process, so that an operator (or a
   * test) can tell which process holds a connection, a lock or a LISTEN.
   */
  applicationName?: string;
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
  const max = options.maxConnections ?? 10;
  const debug = options.onQuery ? { debug: (_conn: number, query: string) => options.onQuery?.(query) } : {};
  const named = options.applicationName ? { application_name: options.applicationName } : {};
  const client = postgres(url, { max, onnotice: () => undefined, connection: named, ...debug });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const boundedPools = new Map<number, { client: postgres.Sql; db: Db }>();
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // A dedicated connection holds the advisory lock, so concurrent starts apply migrations once.
      const lockClient = postgres(url, { max: 1, onnotice: () => undefined, connection: named });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
        await ensureLogPartitions(drizzlePostgres(lockClient, { schema }), new Date());
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
    bounded(ms) {
      let pool = boundedPools.get(ms);
      if (!pool) {
        // A startup parameter, so the setting holds for every statement on these connections
        // without a SET (and its round trip) per query or transaction.
        const bounded = postgres(url, {
          max: Math.max(2, Math.ceil(max / 2)),
          onnotice: () => undefined,
          connection: { ...named, statement_timeout: ms },
          ...debug,
        });
        pool = { client: bounded, db: drizzlePostgres(bounded, { schema }) as unknown as Db };
        boundedPools.set(ms, pool);
      }
      return pool.db;
    },
    async close() {
      const pools = [...boundedPools.values()];
      boundedPools.clear();
      await Promise.all([client.end({ timeout: 5 }), ...pools.map((pool) => pool.client.end({ timeout: 5 }))]);
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
      await ensureLogPartitions(db, new Date());
    },
    async listen(channel, onMessage, onListening) {
      const unsubscribe = await client.listen(channel, onMessage);
      onListening?.();
      return unsubscribe;
    },
    async ping() {
      await client.query('select 1');
    },
    bounded() {
      return db;
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
