import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { rowsOf } from './raw-rows';
import { executionLogs, executions, type ExecutionLogRow, type ExecutionRow, type NewExecutionLogRow } from '../schema';

export interface ExecutionStart {
  id: string;
  eventId: string;
  eventType: string;
  objectId: string;
  payload: Record<string, unknown>;
  workflowId: string;
  runId: string;
  replayOf: string | null;
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
 * What the row of a claimed attempt says until the call's outcome replaces it. A call made as a local activity claims
 * its row before it reaches the receiver: should its worker stop during the call, the row stays, and says so, as the
 * row of an activity lost the same way does.
 */
export const CALL_UNDER_WAY = 'no outcome: the call was under way when its worker stopped';

export interface AttemptClaimInput {
  executionId: string;
  handlerId: number;
  handlerName: string;
  priority: number;
  attempt: number;
  startedAt: Date;
}

/** The row already written for an attempt, as much of it as says how the attempt went. */
export interface EarlierAttempt {
  status: ExecutionLogRow['status'];
  responseStatus: number | null;
  error: string | null;
}

export type AttemptClaim =
  /** The row is this call's; `startedAt` finds it again (the partition key). */
  | { claimed: true; id: number; startedAt: Date }
  /** The attempt was made before: by a worker that stopped (`CALL_UNDER_WAY`), or to the end. */
  | { claimed: false; earlier: EarlierAttempt };

/**
 * Writes an attempt's row before its call, in one round trip: either the row is new and this call owns it, or the
 * attempt already has one, which is returned instead. (Both halves read the same snapshot, so the second returns
 * nothing when the first inserts.)
 */
export async function claimAttempt(db: Db, claim: AttemptClaimInput): Promise<AttemptClaim> {
  const result = await db.execute(sql`
    with claimed as (
      insert into ${executionLogs} (execution_id, handler_id, handler_name, priority, attempt, status, error,
        started_at, duration_ms)
      select ${claim.executionId}, ${claim.handlerId}::integer, ${claim.handlerName}, ${claim.priority}::integer,
        ${claim.attempt}::integer, 'failed', ${CALL_UNDER_WAY}::text, ${claim.startedAt.toISOString()}::timestamptz, 0
      where not exists (
        select 1 from ${executionLogs}
        where execution_id = ${claim.executionId} and handler_id = ${claim.handlerId}::integer
          and attempt = ${claim.attempt}::integer)
      returning id, started_at
    )
    select true as claimed, id, started_at, null::text as status, null::integer as response_status,
      null::text as error
    from claimed
    union all
    select false, id, started_at, status, response_status, error from ${executionLogs}
    where execution_id = ${claim.executionId} and handler_id = ${claim.handlerId}::integer
      and attempt = ${claim.attempt}::integer`);
  const [row] = rowsOf<{
    claimed: boolean;
    id: number | string;
    started_at: Date | string;
    status: ExecutionLogRow['status'] | null;
    response_status: number | null;
    error: string | null;
  }>(result);
  if (!row) throw new Error(`attempt ${claim.attempt} of handler ${claim.handlerId} was neither claimed nor found`);
  if (row.claimed) return { claimed: true, id: Number(row.id), startedAt: new Date(row.started_at) };
  return {
    claimed: false,
    earlier: { status: row.status ?? 'failed', responseStatus: row.response_status, error: row.error },
  };
}

/**
 * One row per attempt; writing the same attempt again changes nothing, except that an attempt's outcome replaces
 * the row its claim wrote (`CALL_UNDER_WAY`), keeping the claim's started_at (the partition key). A retried write
 * carries the same record, so it meets the attempt key (which holds started_at) and ON CONFLICT makes it a no-op.
 * The one other writer of an attempt, the workflow logging an attempt whose activity was lost, gives it another
 * started_at (when the call was scheduled) than the activity would have; should the activity's own row have landed
 * after all, the NOT EXISTS keeps the second one out, as the key on (execution, handler, attempt) did before the
 * table was partitioned. Only a write racing the activity's own late write could slip past it, and both would say
 * the attempt failed or what the receiver answered: a doubled row, never a lost one. (Both parts of the statement
 * read the same snapshot: when the UPDATE replaces a claim, the NOT EXISTS still sees the claim and inserts nothing.)
 */
export async function recordAttempt(db: Db, row: NewExecutionLogRow): Promise<void> {
  const startedAt = row.startedAt.toISOString();
  const sameAttempt = sql`execution_id = ${row.executionId} and handler_id = ${row.handlerId}::integer
        and attempt = ${row.attempt}::integer`;
  await db.execute(sql`
    with replaced as (
      update ${executionLogs} set status = ${row.status}, request = ${jsonbOrNull(row.request)},
        response_status = ${row.responseStatus ?? null}::integer, response_headers = ${jsonbOrNull(row.responseHeaders)},
        response_body = ${row.responseBody ?? null}::text, error = ${row.error ?? null}::text,
        escaped = ${row.escaped ?? false}::boolean, duration_ms = ${row.durationMs ?? 0}::integer
      where ${sameAttempt} and error = ${CALL_UNDER_WAY}::text and response_status is null
        and ${row.error ?? null}::text is distinct from ${CALL_UNDER_WAY}::text
      returning 1
    )
    insert into ${executionLogs} (execution_id, handler_id, handler_name, priority, attempt, status, request,
      response_status, response_headers, response_body, error, escaped, started_at, duration_ms)
    select ${row.executionId}, ${row.handlerId}::integer, ${row.handlerName}, ${row.priority}::integer,
      ${row.attempt}::integer, ${row.status}, ${jsonbOrNull(row.request)}, ${row.responseStatus ?? null}::integer,
      ${jsonbOrNull(row.responseHeaders)}, ${row.responseBody ?? null}::text, ${row.error ?? null}::text,
      ${row.escaped ?? false}::boolean, ${startedAt}::timestamptz, ${row.durationMs ?? 0}::integer
    where not exists (select 1 from replaced)
      and not exists (select 1 from ${executionLogs} where ${sameAttempt})
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
