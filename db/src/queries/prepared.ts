import type { Db } from '../database';

const built = new WeakMap<Db, Map<string, unknown>>();

/**
 * Building a query with drizzle costs about 0.25 ms of CPU, as much as PostgreSQL takes to answer
 * a list page. The list queries are built once per database and shape (which filters are present,
 * named by `key`) as prepared queries with placeholders, and each request only binds its values.
 */
export function builtOnce<T>(db: Db, key: string, build: () => T): T {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map<string, unknown>()));
  if (!queries.has(key)) queries.set(key, build());
  return queries.get(key) as T;
}
