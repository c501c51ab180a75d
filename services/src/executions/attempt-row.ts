import type { NewExecutionLogRow } from '@hookline/db';
import { storableJson, storableText, type SnapshotHandler } from '@hookline/domain';
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
  const body = result.response?.body == null ? null : storableText(result.response.body);
  const headers = result.response ? storableJson(result.response.headers) : null;
  const error = result.error === null ? null : storableText(result.error);
  const request = result.request ? storableJson(result.request) : null;
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
