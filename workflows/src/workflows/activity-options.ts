import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { PlannedHandler } from '@hookline/domain';
import { HANDLER_MISSING, UNSTORABLE } from '@hookline/domain/failures';

/** Writes to Hookline's own tables: quick, idempotent, retried until the database is back. */
export const bookkeeping: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/**
 * The same writes run in the worker that holds the workflow task: no round trip through the Temporal server per
 * record, which halves the server's work per event. Long database outages still retry, on timers past the first minute.
 */
export const localBookkeeping: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    // A replay of the original handlers whose snapshot is gone can never be planned.
    nonRetryableErrorTypes: [HANDLER_MISSING, UNSTORABLE],
  },
};

// The activity enforces the handler's own timeout and then logs; this margin leaves it time to.
const LOGGING_MARGIN_MS = 5_000;

/**
 * One call of a handler: the handler's own per-attempt timeout, and no retry by Temporal. The workflow retries under
 * the handler's policy (`runHandler`), because only it can tell a failed call, which is retried, from a failed log
 * write, which must never make Hookline call the receiver again.
 */
export function handlerCall(handler: PlannedHandler): ActivityOptions {
  return {
    startToCloseTimeout: handler.timeoutMs + LOGGING_MARGIN_MS,
    retry: { maximumAttempts: 1 },
  };
}

/**
 * A handler's first call as a local activity: the same timeout and margin, and no retry by the SDK either. Its
 * failures come back to `runHandler` like an activity's, and the next attempt runs as an activity.
 */
export function localHandlerCall(handler: PlannedHandler): LocalActivityOptions {
  return {
    startToCloseTimeout: handler.timeoutMs + LOGGING_MARGIN_MS,
    retry: { maximumAttempts: 1 },
  };
}

/** Counting and paging through the executions table, and deleting from it: larger queries, same retries. */
export const tableScan: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
