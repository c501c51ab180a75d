import { type Db, recordAttempt, recordExecutionFinish, recordExecutionRefused } from '@hookline/db';
import { escapeUnstorableJson, escapeUnstorableText } from '@hookline/domain';
import type {
  AttemptRecord,
  RecordFinishInput,
  RecordSkippedInput,
  RecordUnstorableInput,
} from '@hookline/workflows/activities';
import { attemptRow } from './attempt-row';
import type { HooklineMetrics } from '../metrics';

/** Handlers left out after a `stop`: one row each, attempt 0, since they were never called; the row says why. */
export async function recordSkipped(db: Db, { executionId, handlers, reason }: RecordSkippedInput, now: Date) {
  for (const h of handlers) {
    await recordAttempt(db, {
      executionId,
      handlerId: h.id,
      handlerName: h.name,
      priority: h.priority,
      attempt: 0,
      status: 'skipped',
      error: reason,
      startedAt: now,
      durationMs: 0,
    });
  }
}

/** The outcome in one statement, counted in the executions metric. */
export async function recordFinished(
  db: Db,
  { executionId, status, snapshotVersion, counts }: RecordFinishInput,
  metrics: HooklineMetrics
) {
  await recordExecutionFinish(db, executionId, {
    status,
    snapshotVersion,
    handlersTotal: counts.handlers,
    succeeded: counts.succeeded,
    failed: counts.failed,
    skipped: counts.skipped,
  });
  // A retry after a lost acknowledgement counts twice: rare, and fine for a rate.
  metrics.executions.inc({ outcome: status });
}

/** An attempt's row that its activity could not write; a retried write of the same attempt changes nothing. */
export async function recordAttemptRecord(db: Db, record: AttemptRecord): Promise<void> {
  await recordAttempt(db, attemptRow(record));
}

/**
 * Records an execution whose event the database refused (SQLSTATE class 22 or 23) as failed, with the reason, so that
 * it ends visibly instead of running forever. What could not be stored is escaped in what is kept of it.
 */
export async function recordUnstorableExecution(
  db: Db,
  { executionId, event, workflowId, runId, replay, reason }: RecordUnstorableInput
): Promise<void> {
  const text = (value: string) => escapeUnstorableText(value).value;
  await recordExecutionRefused(
    db,
    {
      id: executionId,
      eventId: text(event.id),
      eventType: text(event.type),
      objectId: text(event.objectId),
      payload: escapeUnstorableJson(event).value as Record<string, unknown>,
      workflowId,
      runId,
      replayOf: replay?.of ?? null,
    },
    `the event could not be stored, so no handler ran: ${reason}`
  );
}
