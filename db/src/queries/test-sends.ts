import type { Db } from '../database';
import { executionLogs, executions, type ExecutionLogRow, type NewExecutionLogRow } from '../schema';

export interface TestSendRecord {
  executionId: string;
  /** `test-<uuid>`: also the workflow id, as no workflow runs a test send. */
  eventId: string;
  eventType: string;
  objectId: string;
  payload: Record<string, unknown>;
  attempt: Omit<NewExecutionLogRow, 'executionId' | 'id'>;
}

/**
 * A test send is logged like any execution, finished at once, with its one attempt, so it shows
 * in the executions list and the handler's logs. One transaction: never an execution without it.
 */
export async function recordTestSend(db: Db, record: TestSendRecord): Promise<ExecutionLogRow> {
  return db.transaction(async (tx) => {
    const succeeded = record.attempt.status === 'succeeded';
    await tx.insert(executions).values({
      id: record.executionId,
      eventId: record.eventId,
      eventType: record.eventType,
      objectId: record.objectId,
      payload: record.payload,
      status: succeeded ? 'succeeded' : 'failed',
      workflowId: record.eventId,
      replayOf: null,
      startedAt: record.attempt.startedAt,
      finishedAt: new Date(),
      handlersTotal: 1,
      succeeded: succeeded ? 1 : 0,
      failed: succeeded ? 0 : 1,
    });
    const [row] = await tx
      .insert(executionLogs)
      .values({ ...record.attempt, executionId: record.executionId })
      .returning();
    if (!row) throw new Error('insert into execution_logs returned no row');
    return row;
  });
}
