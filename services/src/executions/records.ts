import { type Db, recordAttempt, recordExecutionFinish } from '@hookline/db';
import type { RecordFinishInput, RecordSkippedInput } from '@hookline/workflows/activities';
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
