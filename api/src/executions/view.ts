import type { ExecutionListRow, ExecutionLogRow, ExecutionRow } from '@hookline/db';
import {
  HooklineEvent,
  type Attempt,
  type ExecutionDetail,
  type ExecutionSummary,
  type HandlerRunStatus,
} from '@hookline/domain';

export function executionSummary(row: ExecutionListRow): ExecutionSummary {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    objectId: row.objectId,
    status: row.status,
    snapshotVersion: row.snapshotVersion,
    replayOf: row.replayOf,
    workflowId: row.workflowId,
    runId: row.runId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    counts: { handlers: row.handlersTotal, succeeded: row.succeeded, failed: row.failed, skipped: row.skipped },
  };
}

/** The payload is the event as accepted; the columns are the fallback should it ever not parse. */
function eventOf(row: ExecutionRow): HooklineEvent {
  const parsed = HooklineEvent.safeParse(row.payload);
  if (parsed.success) return parsed.data;
  return {
    id: row.eventId,
    type: row.eventType,
    objectId: row.objectId,
    occurredAt: row.startedAt.toISOString(),
    data: {},
  };
}

export function attemptView(log: ExecutionLogRow): Attempt {
  return {
    attempt: log.attempt,
    status: log.status,
    startedAt: log.startedAt.toISOString(),
    durationMs: log.durationMs,
    request: log.request ?? null,
    response:
      log.responseStatus === null && log.responseHeaders === null && log.responseBody === null
        ? null
        : { status: log.responseStatus, headers: log.responseHeaders ?? {}, body: log.responseBody },
    error: log.error,
    escaped: log.escaped,
  };
}

/**
 * Groups the attempt rows (already ordered by priority, handler id, attempt) into one entry per
 * handler. A handler's status is that of its last attempt, which is where retries ended.
 */
export function executionDetail(row: ExecutionRow, logs: ExecutionLogRow[]): ExecutionDetail {
  const handlers: ExecutionDetail['handlers'] = [];
  for (const log of logs) {
    let entry = handlers.at(-1);
    if (entry?.handlerId !== log.handlerId) {
      entry = {
        handlerId: log.handlerId,
        name: log.handlerName,
        priority: log.priority,
        status: 'pending',
        attempts: [],
      };
      handlers.push(entry);
    }
    entry.attempts.push(attemptView(log));
    entry.status = log.status satisfies HandlerRunStatus;
  }
  const ordering = row.orderingKey === null ? null : { key: row.orderingKey, sequenced: row.sequenced ?? false };
  return { ...executionSummary(row), error: row.error, ordering, event: eventOf(row), handlers };
}
