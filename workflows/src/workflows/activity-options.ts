import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { PlannedHandler } from '@hookline/domain';
import { HANDLER_MISSING, HANDLER_REJECTED } from '@hookline/domain';

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
    nonRetryableErrorTypes: [HANDLER_MISSING],
  },
};

// The activity enforces the handler's own timeout and then logs; this margin leaves it time to.
const LOGGING_MARGIN_MS = 5_000;

/** One handler call: the handler's own retry policy and per-attempt timeout. */
export function handlerCall(handler: PlannedHandler): ActivityOptions {
  return {
    startToCloseTimeout: handler.timeoutMs + LOGGING_MARGIN_MS,
    retry: {
      maximumAttempts: handler.retry.maxAttempts,
      initialInterval: handler.retry.initialIntervalMs,
      backoffCoefficient: handler.retry.backoffCoefficient,
      maximumInterval: handler.retry.maxIntervalMs,
      nonRetryableErrorTypes: [HANDLER_REJECTED, HANDLER_MISSING],
    },
  };
}

/** Counting and paging through the executions table, and deleting from it: larger queries, same retries. */
export const tableScan: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
