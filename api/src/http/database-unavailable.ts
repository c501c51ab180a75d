// Socket errors: the server is not there (or went away mid-query).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// postgres-js's own codes for a connection it could not open or lost.
const DRIVER_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
// SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, starting up), too many connections.
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

function codeOf(err: object): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when an error means PostgreSQL cannot be reached or is not accepting work right now (as
 * opposed to a query it refused). drizzle wraps driver errors (`cause`), and Node reports a
 * refused dual-stack connect as an AggregateError, so both are looked through.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 8 || typeof err !== 'object' || err === null) return false;
  const code = codeOf(err);
  if (code !== undefined && (NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}
