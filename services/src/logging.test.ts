import {
  createDb,
  DatabaseError,
  describeDatabaseError,
  insertHandler,
  safeDatabaseErrorMessage,
  type Database,
} from '@hookline/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logging';
import type { HandlerCache } from './snapshots/handler-cache';
import { refreshSnapshot } from './snapshots/refresh';

const SECRET = 'whsec_do-not-log-me-0123456789';

let database: Database;
let queryError: unknown;

/** A real failed write through drizzle on PGlite: its message lists the secret, its `detail` quotes the row. */
async function failingInsert(): Promise<unknown> {
  try {
    await database.db.execute(
      sql`insert into handlers (name, event, kind, target, status, priority, retry, timeout_ms, on_failure, secret)
          values ('refused', 'clients.create', 'http', 'https://x.example', 'active', 1, '{}', 1000, 'continue', ${SECRET})`
    );
  } catch (err) {
    return err;
  }
  throw new Error('the insert was expected to fail');
}

function captured(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const log = createLogger({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { lines, log };
}

beforeAll(async () => {
  database = await createDb({ dataDir: 'memory://' });
  await database.migrate();
  await database.db.execute(sql`alter table handlers add constraint refuse_it check (name <> 'refused')`);
  queryError = await failingInsert();
}, 60_000);
afterAll(async () => {
  await database.close();
});

describe('describeDatabaseError', () => {
  it('is given a query error that does carry the secret (the premise of these tests)', () => {
    expect((queryError as Error).constructor.name).toBe('DrizzleQueryError');
    expect((queryError as Error).message).toContain(SECRET);
    expect(JSON.stringify((queryError as { cause: { detail: string } }).cause.detail)).toContain(SECRET);
  });

  it('keeps SQLSTATE, condition, table and constraint, and nothing that holds a value', () => {
    const described = describeDatabaseError(queryError);
    expect(described).toBeInstanceOf(DatabaseError);
    expect(described).toMatchObject({
      code: '23514',
      condition: 'check_violation',
      table: 'handlers',
      constraint: 'refuse_it',
    });
    expect(described!.message).toBe(
      'database query failed: check_violation (SQLSTATE 23514) on table handlers, constraint refuse_it'
    );
    expect(JSON.stringify({ ...described, stack: described!.stack, message: described!.message })).not.toContain(
      SECRET
    );
    expect(described!.stack).toMatch(/\n\s+at /);
  });

  it('describes the driver error itself, and ignores errors that are not the database', () => {
    expect(describeDatabaseError((queryError as { cause: unknown }).cause)).toMatchObject({ code: '23514' });
    expect(describeDatabaseError(new Error('nope'))).toBeNull();
    expect(describeDatabaseError('text')).toBeNull();
  });

  it('gives a safe message for an error wrapping a database error', () => {
    const wrapped = new Error('storing the snapshot failed', { cause: queryError });
    expect(safeDatabaseErrorMessage(wrapped)).toContain('SQLSTATE 23514');
    expect(safeDatabaseErrorMessage(new Error('other'))).toBeUndefined();
  });
});

describe('createLogger', () => {
  it('logs a database error under err without its parameters or detail', () => {
    const { lines, log } = captured();
    log.error({ err: queryError }, 'creating a handler failed');
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(out).toContain('23514');
    expect(JSON.parse(out)).toMatchObject({ msg: 'creating a handler failed', err: { type: 'DatabaseError' } });
  });

  it('logs an error given as the only argument without taking its message', () => {
    const { lines, log } = captured();
    log.fatal(queryError);
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(JSON.parse(out).msg).toContain('SQLSTATE 23514');
  });

  it('reduces a database error found among the causes, keeping the wrapper', () => {
    const { lines, log } = captured();
    const wrapped = new Error('storing the snapshot failed', { cause: queryError });
    log.warn({ err: wrapped }, 'refresh failed');
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(JSON.parse(out).err.message).toBe(
      'storing the snapshot failed: database query failed: check_violation (SQLSTATE 23514) on table handlers, constraint refuse_it'
    );
    // The original is untouched, for whoever still handles it.
    expect(wrapped.cause).toBe(queryError);
  });

  it('reaches child loggers, and leaves other errors as pino writes them', () => {
    const { lines, log } = captured();
    log.child({ component: 'api' }).error({ err: queryError }, 'x');
    log.error({ err: new Error('plain failure') }, 'y');
    expect(lines[0]).not.toContain(SECRET);
    expect(JSON.parse(lines[1]!).err).toMatchObject({ type: 'Error', message: 'plain failure' });
  });
});

describe('a database error while storing a snapshot', () => {
  it("is logged without any handler's secret or header values", async () => {
    const credential = 'Bearer snapshot-credential-0123456789';
    await insertHandler(database.db, {
      name: 'stored',
      event: 'clients.create',
      kind: 'http',
      target: 'https://crm.example.com/hooks',
      status: 'enabled',
      priority: 1,
      retry: { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 1000 },
      timeoutMs: 1000,
      onFailure: 'continue',
      headers: { Authorization: credential },
      secret: SECRET,
    });
    await database.db.execute(
      sql`alter table handler_snapshots add constraint refuse_snapshot check (reason <> 'refused')`
    );
    // Never consulted: the insert fails first.
    const cache: HandlerCache = {
      current: () => {
        throw new Error('not used');
      },
      byVersion: async () => null,
      offer: () => undefined,
    };
    const failure = await refreshSnapshot(database.db, cache, { reason: 'refused', now: new Date() }).then(
      () => null,
      (err: unknown) => err
    );
    expect(failure, 'the snapshot insert was expected to fail').not.toBeNull();
    expect((failure as Error).message).toContain(SECRET);

    const { lines, log } = captured();
    log.warn({ err: failure }, 'could not refresh the handler snapshot');
    log.error(failure);
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(credential);
    expect(out).toContain('SQLSTATE 23514');
    expect(out).toContain('handler_snapshots');
  });
});
