import { ApplicationFailure, Context } from '@temporalio/activity';
import { type Db, deleteFinishedExecutions, recordAttempt } from '@hookline/db';
import { HANDLER_FAILED, HANDLER_MISSING, HANDLER_REJECTED } from '@hookline/domain';
import {
  MissingSnapshotError,
  attemptRow,
  beginExecution,
  bulkReplayBookkeeping,
  recordFinished,
  recordSkipped,
  refreshSnapshot,
  sharedMetrics,
  type Deliverer,
  type HooklineMetrics,
  type HandlerCache,
} from '@hookline/services';
import type { HooklineActivities } from '@hookline/workflows/activities';

export interface ActivityDeps {
  db: Db;
  handlerCache: HandlerCache;
  deliverer: Deliverer;
  now: () => Date;
  /** Defaults to the process-wide registry, which the API serves at /metrics. */
  metrics?: HooklineMetrics;
}

/**
 * The activities Hookline's workflows call, as a thin adapter over the Node services: it adds what only an activity
 * knows (the attempt number, the cancellation signal) and turns outcomes into the failures Temporal retries or not.
 */
export function createActivities({
  db,
  handlerCache,
  deliverer,
  now,
  metrics = sharedMetrics(),
}: ActivityDeps): HooklineActivities {
  return {
    ...bulkReplayBookkeeping(db),

    async beginExecution(input) {
      try {
        return await beginExecution(db, handlerCache, input);
      } catch (err) {
        if (!(err instanceof MissingSnapshotError)) throw err;
        throw ApplicationFailure.create({ type: HANDLER_MISSING, nonRetryable: true, message: err.message });
      }
    },

    async callHandler(input) {
      const context = Context.current();
      const attempt = context.info.attempt;
      const snapshot =
        handlerCache.current().version === input.snapshotVersion
          ? handlerCache.current()
          : await handlerCache.byVersion(input.snapshotVersion);
      const handler = snapshot?.handlers.find((h) => h.id === input.handlerId);
      if (!handler) {
        throw ApplicationFailure.create({
          type: HANDLER_MISSING,
          nonRetryable: true,
          message: `handler ${input.handlerId} is not in snapshot ${input.snapshotVersion}`,
        });
      }
      const result = await deliverer.deliver(handler, input.event, {
        executionId: input.executionId,
        attempt,
        now,
        signal: context.cancellationSignal,
      });
      metrics.handlerCallDuration.observe({ outcome: result.outcome }, result.durationMs / 1000);
      if (attempt > 1) metrics.retries.inc();
      await recordAttempt(db, attemptRow(input.executionId, handler, attempt, result));
      if (result.outcome === 'succeeded') return { attempt, status: result.response?.status ?? null };
      if (result.outcome === 'rejected') {
        throw ApplicationFailure.create({
          type: HANDLER_REJECTED,
          nonRetryable: true,
          message: result.error ?? 'rejected',
        });
      }
      throw ApplicationFailure.create({
        type: HANDLER_FAILED,
        message: result.error ?? 'failed',
        ...(result.retryAfterMs !== null ? { nextRetryDelay: result.retryAfterMs } : {}),
      });
    },

    async recordSkipped(input) {
      await recordSkipped(db, input, now());
    },

    recordExecutionFinished: (input) => recordFinished(db, input, metrics),

    refreshSnapshot: ({ reason }) => refreshSnapshot(db, handlerCache, { reason, now: now() }),

    async purgeExecutionsBatch({ before, limit }) {
      return { deleted: await deleteFinishedExecutions(db, new Date(before), limit) };
    },
  };
}
