import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions, type ExecutionRow } from '../schema';

/**
 * The `n` of the next `event-<eventId>-replay-<n>`: one more than the replays of the event on
 * record, or than the highest number on record should retention have removed earlier ones. Two
 * concurrent callers can get the same number; starting the workflow settles it (the loser takes n+1).
 */
export async function nextReplayNumber(db: Db, eventId: string): Promise<number> {
  const [row] = await db
    .select({
      highest: sql<number>`greatest(count(*), coalesce(max(substring(${executions.workflowId} from '-replay-([0-9]+)$')::int), 0))::int`,
    })
    .from(executions)
    .where(and(eq(executions.eventId, eventId), isNotNull(executions.replayOf)));
  return (row?.highest ?? 0) + 1;
}

export interface ReplaySourceRow {
  id: string;
  status: ExecutionRow['status'];
  snapshotVersion: number | null;
  payload: unknown;
  /** The sequence it ran in, if its type orders by object: its replays say so, though they run outside it. */
  orderingKey: string | null;
  /** One per handler of the execution: the status of its last attempt (a skip is attempt 0). */
  outcomes: { handlerId: number; status: 'succeeded' | 'failed' | 'skipped' }[];
}

/** What a replay of `executionId` is planned from; null when there is no such execution. */
export async function replaySource(db: Db, executionId: string): Promise<ReplaySourceRow | null> {
  const [execution] = await db
    .select({
      id: executions.id,
      status: executions.status,
      snapshotVersion: executions.snapshotVersion,
      payload: executions.payload,
      orderingKey: executions.orderingKey,
    })
    .from(executions)
    .where(eq(executions.id, executionId));
  if (!execution) return null;
  const outcomes = await db
    .selectDistinctOn([executionLogs.handlerId], { handlerId: executionLogs.handlerId, status: executionLogs.status })
    .from(executionLogs)
    .where(eq(executionLogs.executionId, executionId))
    .orderBy(asc(executionLogs.handlerId), desc(executionLogs.attempt));
  return { ...execution, outcomes };
}
