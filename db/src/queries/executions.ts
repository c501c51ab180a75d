import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../database';
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

/** One row per attempt; writing the same attempt again (an activity retry of the write) changes nothing. */
export async function recordAttempt(db: Db, row: NewExecutionLogRow): Promise<void> {
  await db.insert(executionLogs).values(row).onConflictDoNothing();
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
