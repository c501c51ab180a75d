import type { NewExecutionLogRow } from '@hookline/db';
import type { SnapshotHandler } from '@hookline/domain';
import type { DeliveryResult } from '../delivery';

/** One delivery attempt as its execution-log row: the same shape whether a workflow or a test send made it. */
export function attemptRow(
  executionId: string,
  handler: Pick<SnapshotHandler, 'id' | 'name' | 'priority'>,
  attempt: number,
  result: DeliveryResult
): NewExecutionLogRow {
  return {
    executionId,
    handlerId: handler.id,
    handlerName: handler.name,
    priority: handler.priority,
    attempt,
    status: result.outcome === 'succeeded' ? 'succeeded' : 'failed',
    request: result.request,
    responseStatus: result.response?.status ?? null,
    responseHeaders: result.response?.headers ?? null,
    responseBody: result.response?.body ?? null,
    error: result.error,
    startedAt: result.startedAt,
    durationMs: Math.round(result.durationMs),
  };
}
