import type { NewExecutionLogRow } from '@hookline/db';
import { LOGGED_BODY_LIMIT, escapeUnstorableJson, escapeUnstorableText, type SnapshotHandler } from '@hookline/domain';
import type { AttemptRecord } from '@hookline/workflows/activities';
import type { DeliveryResult } from '../delivery';

/**
 * One delivery attempt as its execution-log record: the same whether a workflow or a test send made it. What the
 * database cannot store as text (a gzip body read as text, a script's binary output) is escaped, and flagged.
 */
export function attemptRecord(
  executionId: string,
  handler: Pick<SnapshotHandler, 'id' | 'name' | 'priority'>,
  attempt: number,
  result: DeliveryResult
): AttemptRecord {
  const body = result.response?.body == null ? null : escapeUnstorableText(result.response.body);
  const headers = result.response ? escapeUnstorableJson(result.response.headers) : null;
  const error = result.error === null ? null : escapeUnstorableText(result.error);
  const request = result.request ? escapeUnstorableJson(withBoundedBody(result.request)) : null;
  return {
    executionId,
    handlerId: handler.id,
    handlerName: handler.name,
    priority: handler.priority,
    attempt,
    status: result.outcome === 'succeeded' ? 'succeeded' : 'failed',
    request: (request?.value as AttemptRecord['request']) ?? null,
    responseStatus: result.response?.status ?? null,
    responseHeaders: (headers?.value as Record<string, string> | undefined) ?? null,
    responseBody: body?.value ?? null,
    error: error?.value ?? null,
    escaped: Boolean(body?.escaped || headers?.escaped || error?.escaped || request?.escaped),
    startedAt: result.startedAt.toISOString(),
    durationMs: Math.round(result.durationMs),
  };
}

/** The row as the database takes it. */
export function attemptRow(record: AttemptRecord): NewExecutionLogRow {
  return { ...record, startedAt: new Date(record.startedAt) };
}

/**
 * The request as logged: an envelope larger than the logged-body limit is not copied into every attempt's row (a
 * 1 MiB event with fifty handlers would write fifty copies); the execution keeps the event, and the row says so.
 */
function withBoundedBody(request: NonNullable<DeliveryResult['request']>): NonNullable<DeliveryResult['request']> {
  const bytes = Buffer.byteLength(JSON.stringify(request.body ?? null));
  if (bytes <= LOGGED_BODY_LIMIT) return request;
  return { ...request, body: { omitted: `the ${bytes}-byte envelope of this execution's event; see the event` } };
}
