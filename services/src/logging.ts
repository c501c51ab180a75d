import { redactDatabaseErrors, safeDatabaseErrorMessage } from '@hookline/db';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * pino's error serializer, after database errors in `err` (or in its causes) are reduced to what may be logged:
 * drizzle's query errors carry the bound parameters (handler secrets) and the driver's `detail` quotes rows.
 * Every logger Hookline makes uses it under `err`; a logger of someone else's that serializes errors (pino-http)
 * must be given it too.
 */
export function serializeError(err: unknown): unknown {
  return pino.stdSerializers.err(redactDatabaseErrors(err) as Error);
}

function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * `log.error(err)` makes pino take the error's own message as the line's `msg`, past any serializer; for a
 * database error that message lists the query's parameters. Such a call is rewritten to `log.error({ err }, safe)`.
 */
function logMethod(this: Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
  const [first, ...rest] = args as unknown[];
  const safe = isErrorLike(first) ? safeDatabaseErrorMessage(first) : undefined;
  if (safe === undefined) {
    method.apply(this, args);
    return;
  }
  const message = typeof rest[0] === 'string' ? rest : [safe, ...rest];
  method.apply(this, [{ err: first }, ...message] as Parameters<pino.LogFn>);
}

/** The one way Hookline makes a logger, so that none of them can write a database error's values. */
export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const merged: LoggerOptions = {
    ...options,
    serializers: { ...options.serializers, err: serializeError },
    hooks: { ...options.hooks, logMethod },
  };
  return destination ? pino(merged, destination) : pino(merged);
}
