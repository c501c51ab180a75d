import { describeDatabaseError } from '@hookline/db';

/** The SQLSTATE of a database error (drizzle wraps the driver's error), or null for anything else. */
export function sqlStateOf(err: unknown): string | null {
  const code = describeDatabaseError(err)?.code;
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : null;
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
