/**
 * The SQLSTATE of a database error, wherever it sits: drizzle wraps the driver's error (postgres-js or PGlite) as its
 * `cause`.
 */
export function sqlStateOf(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * True for errors that retrying the same statement cannot heal: data exceptions (class 22: a NUL byte, a value out
 * of range, text that cannot be encoded) and integrity constraint violations (class 23). A connection lost, a
 * shutdown or a timeout (classes 08, 57, …) heal, and are retried.
 */
export function isPermanentDatabaseError(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== null && (state.startsWith('22') || state.startsWith('23'));
}
