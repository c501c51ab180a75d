/** postgres-js answers a raw query with the rows themselves, PGlite with an object holding them. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
