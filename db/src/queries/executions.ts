import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { rowsOf } from './raw-rows';
import {
  attemptClaims,
  executionLogs,
  executions,
  type ExecutionLogRow,
  type ExecutionRow,
  type NewExecutionLogRow,
} from '../schema';

export interface ExecutionStart {
  id: string;
  eventId: string;
  eventType: string;
  objectId: string;
  payload: Record<string, unknown>;
  workflowId: string;
  runId: string;
  replayOf: string | null;
  orderingKey?: string | null;
  sequenced?: boolean | null;
}

/**
 * Records an execution as running. Idempotent on the execution id (activity retries) and on the
 * event id for originals: returns the execution that already owns the event, if it is another one.
 */
export async function recordExecutionStart(db: Db, start: ExecutionStart): Promise<{ ownerId: string }> {
  const inserted = await db
    .insert(executions)
    .values({ ...start, status: 'running' })
    .onConflictDoNothing()
    .returning({ id: executions.id });
  if (inserted.length > 0) return { ownerId: start.id };
  const [own] = await db.select({ id: executions.id }).from(executions).where(eq(executions.id, start.id));
  if (own) return { ownerId: own.id };
  const [owner] = await db
    .select({ id: executions.id })
    .from(executions)
    .where(and(eq(executions.eventId, start.eventId), isNull(executions.replayOf)));
  if (!owner) throw new Error(`execution ${start.id} conflicted but no owner was found`);
  return { ownerId: owner.id };
}

/**
 * An execution that ended before it could run: recorded failed at once, with the reason. Idempotent on its id, like
 * the start it replaces.
 */
export async function recordExecutionRefused(db: Db, start: ExecutionStart, error: string): Promise<void> {
  await db
    .insert(executions)
    .values({ ...start, status: 'failed', error, finishedAt: sql`now()` })
    .onConflictDoNothing();
}

/** How an execution ended, with the snapshot it ran on. */
export interface ExecutionOutcome {
  status: 'succeeded' | 'failed';
  snapshotVersion: number;
  handlersTotal: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** The outcome in one statement. */
export async function recordExecutionFinish(db: Db, id: string, outcome: ExecutionOutcome): Promise<void> {
  await db
    .update(executions)
    .set({ ...outcome, finishedAt: sql`now()` })
    .where(eq(executions.id, id));
}

function jsonbOrNull(value: unknown): SQL {
  return value === null || value === undefined ? sql`null` : sql`${JSON.stringify(value)}::jsonb`;
}

/**
 * The error of an attempt whose call was claimed and never answered: its worker stopped during the call, so whether
 * the receiver got it is unknown (the row of an activity lost the same way says as much in its own words).
 */
export const CALL_UNDER_WAY = 'no outcome: the call was under way when its worker stopped';

export interface AttemptKey {
  executionId: string;
  handlerId: number;
  attempt: number;
}

/** The row already written for an attempt, as much of it as says how the attempt went. */
export interface EarlierAttempt {
  status: ExecutionLogRow['status'];
  responseStatus: number | null;
  error: string | null;
}

export type AttemptClaim =
  /** The call is this one's to make; writing the attempt's row releases the claim. */
  | { kind: 'claimed' }
  /** The attempt was made and logged before (its workflow task was lost after the call): no call again. */
  | { kind: 'logged'; earlier: EarlierAttempt }
  /** An earlier claim was never released: its call was under way when its worker stopped. */
  | { kind: 'lost'; claimedAt: Date };

/**
 * Claims an attempt's call before it is made, in one round trip: the claim is taken only when the attempt has
 * neither a row nor a claim, and the statement answers which of the three it found. (Both halves read the same
 * snapshot, so the answer is about the state before the claim.)
 */
export async function claimAttempt(db: Db, key: AttemptKey): Promise<AttemptClaim> {
  const same = (table: typeof executionLogs | typeof attemptClaims) =>
    sql`${table.executionId} = ${key.executionId} and ${table.handlerId} = ${key.handlerId}::integer
      and ${table.attempt} = ${key.attempt}::integer`;
  const result = await db.execute(sql`
    with claimed as (
      insert into ${attemptClaims} (execution_id, handler_id, attempt)
      select ${key.executionId}, ${key.handlerId}::integer, ${key.attempt}::integer
      where not exists (select 1 from ${executionLogs} where ${same(executionLogs)})
      on conflict do nothing
      returning 1
    )
    select exists (select 1 from claimed) as claimed, log.status, log.response_status, log.error,
      ${attemptClaims.claimedAt} as claimed_at
    from (select 1) as one
    left join lateral (
      select status, response_status, error from ${executionLogs} where ${same(executionLogs)} limit 1
    ) as log on true
    left join ${attemptClaims} on ${same(attemptClaims)}`);
  const [row] = rowsOf<{
    claimed: boolean;
    status: ExecutionLogRow['status'] | null;
    response_status: number | null;
    error: string | null;
    claimed_at: Date | string | null;
  }>(result);
  if (row?.claimed) return { kind: 'claimed' };
  if (row?.status) {
    return { kind: 'logged', earlier: { status: row.status, responseStatus: row.response_status, error: row.error } };
  }
  return { kind: 'lost', claimedAt: row?.claimed_at ? new Date(row.claimed_at) : new Date() };
}

/**
 * One row per attempt; writing the same attempt again changes nothing. A retried write carries the same record, so
 * it meets the attempt key (which holds started_at, the partition key) and ON CONFLICT makes it a no-op. The one
 * other writer of an attempt, the workflow logging an attempt whose activity was lost, gives it another started_at
 * (when the call was scheduled) than the activity would have; should the activity's own row have landed after all,
 * the NOT EXISTS keeps the second one out, as the key on (execution, handler, attempt) did before the table was
 * partitioned. Only a write racing the activity's own late write could slip past it, and both would say the attempt
 * failed or what the receiver answered: a doubled row, never a lost one. The same statement releases the attempt's
 * claim, if its call was made as a local activity.
 */
export async function recordAttempt(db: Db, row: NewExecutionLogRow): Promise<void> {
  const startedAt = row.startedAt.toISOString();
  await db.execute(sql`
    with released as (
      delete from ${attemptClaims}
      where execution_id = ${row.executionId} and handler_id = ${row.handlerId}::integer
        and attempt = ${row.attempt}::integer
    )
    insert into ${executionLogs} (execution_id, handler_id, handler_name, priority, attempt, status, request,
      response_status, response_headers, response_body, error, escaped, started_at, duration_ms)
    select ${row.executionId}, ${row.handlerId}::integer, ${row.handlerName}, ${row.priority}::integer,
      ${row.attempt}::integer, ${row.status}, ${jsonbOrNull(row.request)}, ${row.responseStatus ?? null}::integer,
      ${jsonbOrNull(row.responseHeaders)}, ${row.responseBody ?? null}::text, ${row.error ?? null}::text,
      ${row.escaped ?? false}::boolean, ${startedAt}::timestamptz, ${row.durationMs ?? 0}::integer
    where not exists (
      select 1 from ${executionLogs}
      where execution_id = ${row.executionId} and handler_id = ${row.handlerId}::integer
        and attempt = ${row.attempt}::integer)
    on conflict do nothing`);
}

export async function executionById(db: Db, id: string): Promise<ExecutionRow | null> {
  const [row] = await db.select().from(executions).where(eq(executions.id, id));
  return row ?? null;
}

export async function attemptsOfExecution(db: Db, executionId: string): Promise<ExecutionLogRow[]> {
  return db
    .select()
    .from(executionLogs)
    .where(eq(executionLogs.executionId, executionId))
    .orderBy(asc(executionLogs.priority), asc(executionLogs.handlerId), asc(executionLogs.attempt));
}
