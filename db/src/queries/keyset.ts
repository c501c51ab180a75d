import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A position in a newest-first list ordered by (timestamp desc, id desc). `at` is PostgreSQL's
 * exact text (microseconds): a JavaScript Date keeps milliseconds only, and a truncated key would
 * skip rows on the boundary. `id` is text so that serial and text ids travel alike.
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

export interface KeysetPage<T> {
  rows: T[];
  /** Position of the last row when more rows follow, else null. */
  next: KeysetPosition | null;
}

/** The column as exact UTC text with microseconds, for a cursor. */
export function exactTimestamp(column: AnyPgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Newest first, spelled the way the `*_started_idx` indexes are built (drizzle writes `DESC NULLS LAST`).
 * A plain `DESC` means `DESC NULLS FIRST` to PostgreSQL, which no index matches: it would sort the whole table.
 */
export function newestFirst(at: AnyPgColumn, id: AnyPgColumn): SQL[] {
  return [sql`${at} desc nulls last`, sql`${id} desc nulls last`];
}

/** Rows strictly after `after` in (at desc, id desc) order: a row-value comparison the index serves. */
export function olderThan(at: AnyPgColumn, id: AnyPgColumn, after: KeysetPosition, idType: 'bigint' | 'text'): SQL {
  const idValue = idType === 'bigint' ? sql`${after.id}::bigint` : sql`${after.id}`;
  return sql`(${at}, ${id}) < (${after.at}::timestamptz, ${idValue})`;
}

/** Splits `limit + 1` fetched rows into a page and the position to continue from. */
export function toPage<R, T>(
  found: R[],
  limit: number,
  row: (r: R) => T,
  position: (r: R) => KeysetPosition
): KeysetPage<T> {
  const last = found.length > limit ? found[limit - 1] : undefined;
  return { rows: found.slice(0, limit).map(row), next: last ? position(last) : null };
}
