import { DrizzleQueryError } from 'drizzle-orm';
import { sqlstateCondition } from './sqlstate';

/**
 * What may be said about a failed query outside the database: drizzle's DrizzleQueryError carries
 * the bound parameters (handler secrets, header credentials) in its message and `params`, and the
 * driver's error quotes whole rows in `detail` ("Failing row contains (…)") and, for some
 * conditions, values in its message. None of that may reach a log line or an answer, so a
 * database error is reduced to the fields below, which name things but never hold values.
 */
export interface DatabaseErrorFields {
  /** SQLSTATE (`23505`), or the driver's own code (`ECONNREFUSED`, `CONNECTION_CLOSED`) when the query never ran. */
  code: string | undefined;
  /** PostgreSQL's condition name for the SQLSTATE (`unique_violation`), where known. */
  condition: string | undefined;
  table: string | undefined;
  column: string | undefined;
  constraint: string | undefined;
}

/** A database error with nothing but its safe fields; what loggers and the API see in place of the original. */
export class DatabaseError extends Error implements DatabaseErrorFields {
  readonly code: string | undefined;
  readonly condition: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;

  constructor(fields: DatabaseErrorFields, frames = '') {
    super(databaseErrorMessage(fields));
    this.name = 'DatabaseError';
    this.code = fields.code;
    this.condition = fields.condition;
    this.table = fields.table;
    this.column = fields.column;
    this.constraint = fields.constraint;
    // The original's call sites help find the query; its first line (the message) is what must go.
    this.stack = frames ? `${this.name}: ${this.message}\n${frames}` : `${this.name}: ${this.message}`;
  }
}

function databaseErrorMessage(fields: DatabaseErrorFields): string {
  const what = [fields.condition, fields.code && `(SQLSTATE ${fields.code})`].filter(Boolean).join(' ');
  const where = [
    fields.table && `table ${fields.table}`,
    fields.column && `column ${fields.column}`,
    fields.constraint && `constraint ${fields.constraint}`,
  ].filter(Boolean);
  return `database query failed${what ? `: ${what}` : ''}${where.length > 0 ? ` on ${where.join(', ')}` : ''}`;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
// Driver and socket codes are identifiers (`ECONNREFUSED`, `CONNECT_TIMEOUT`); anything else is not trusted as one.
const DRIVER_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;
const MAX_DEPTH = 8;

type Fields = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An error PostgreSQL sent: postgres-js's PostgresError or PGlite's DatabaseError (both carry severity and SQLSTATE). */
function isServerError(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null) return false;
  const { code, severity } = value as Fields;
  return typeof code === 'string' && SQLSTATE.test(code) && typeof severity === 'string';
}

function isQueryError(value: unknown): value is Fields {
  if (value instanceof DrizzleQueryError) return true;
  // By shape too, in case a second copy of drizzle-orm is loaded somewhere.
  if (!(value instanceof Error)) return false;
  const { query, params } = value as unknown as Fields;
  return typeof query === 'string' && Array.isArray(params) && value.message.startsWith('Failed query:');
}

/** True for an error that is, or wraps, a query's failure: one that must be reduced before it is shown. */
export function isDatabaseError(err: unknown): boolean {
  return err instanceof DatabaseError || isQueryError(err) || isServerError(err);
}

/** Only the `at …` lines: the first line of a stack repeats the message, which is what carries the values. */
function framesOf(err: unknown): string {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

function fromServerError(err: Fields): DatabaseErrorFields {
  const code = err['code'] as string;
  return {
    code,
    condition: sqlstateCondition(code),
    // PGlite names them `table`, postgres-js `table_name`.
    table: text(err['table']) ?? text(err['table_name']),
    column: text(err['column']) ?? text(err['column_name']),
    constraint: text(err['constraint']) ?? text(err['constraint_name']),
  };
}

/**
 * Reduces a database error (drizzle's query error, or the driver's error itself) to SQLSTATE, condition, table,
 * column and constraint; null for anything else. Never keeps the query, its parameters, `detail`, or the
 * server's message.
 */
export function describeDatabaseError(err: unknown): DatabaseError | null {
  if (err instanceof DatabaseError) return err;
  if (isServerError(err)) return new DatabaseError(fromServerError(err), framesOf(err));
  if (!isQueryError(err)) return null;
  const cause = err['cause'];
  if (isServerError(cause)) return new DatabaseError(fromServerError(cause), framesOf(err));
  // The query never reached the server (a lost connection, a value the driver could not encode).
  const causeCode = typeof cause === 'object' && cause !== null ? (cause as Fields)['code'] : undefined;
  const code = typeof causeCode === 'string' && DRIVER_CODE.test(causeCode) ? causeCode : undefined;
  return new DatabaseError(
    { code, condition: undefined, table: undefined, column: undefined, constraint: undefined },
    framesOf(err)
  );
}

/**
 * A message about `err` that is safe to record anywhere (an activity failure, a log line): the reduced
 * description when `err` is or wraps a database error, else undefined (its own message is then the caller's call).
 */
export function safeDatabaseErrorMessage(err: unknown): string | undefined {
  const found = findDatabaseError(err, 0);
  return found ? found.message : undefined;
}

function findDatabaseError(err: unknown, depth: number): DatabaseError | null {
  if (depth > MAX_DEPTH || typeof err !== 'object' || err === null) return null;
  const described = describeDatabaseError(err);
  if (described) return described;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const found = findDatabaseError(inner, depth + 1);
      if (found) return found;
    }
  }
  return findDatabaseError((err as Fields)['cause'], depth + 1);
}

function containsDatabaseError(err: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof err !== 'object' || err === null) return false;
  if (isDatabaseError(err)) return true;
  if (err instanceof AggregateError && err.errors.some((e) => containsDatabaseError(e, depth + 1))) return true;
  return containsDatabaseError((err as Fields)['cause'], depth + 1);
}

/**
 * `err` with every database error in it (itself, its `cause` chain, an AggregateError's `errors`) replaced by its
 * DatabaseError; `err` itself when there is none. A wrapper is copied rather than changed, because the
 * original may still be rethrown or inspected (`isDatabaseUnavailable` reads the driver's codes).
 */
export function redactDatabaseErrors(err: unknown, depth = 0): unknown {
  if (!containsDatabaseError(err, depth)) return err;
  const described = describeDatabaseError(err);
  if (described) return described;
  const original = err as Error & Fields;
  const copy = Object.create(Object.getPrototypeOf(original) as object) as Fields;
  for (const key of Object.getOwnPropertyNames(original)) copy[key] = original[key];
  if ('cause' in original) copy['cause'] = redactDatabaseErrors(original['cause'], depth + 1);
  if (original instanceof AggregateError) {
    copy['errors'] = original.errors.map((inner: unknown) => redactDatabaseErrors(inner, depth + 1));
  }
  return copy;
}
