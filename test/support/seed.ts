import { randomUUID } from 'node:crypto';
import { executionLogs, executions } from '@hookline/db';
import type { Stack } from './stack';

export interface SeededExecution {
  eventId: string;
  eventType?: string;
  status: 'running' | 'succeeded' | 'failed';
  /** A handler this execution called, and how its (single) attempt ended. */
  handler?: { id: number; name: string; status: 'succeeded' | 'failed'; responseStatus?: number };
  snapshotVersion?: number | null;
  startedAt?: Date;
  finishedAt?: Date | null;
}

/**
 * Writes executions (and one attempt row each) straight into the database, as `processEvent`
 * would have left them: for tests about what happens to executions afterwards (bulk replay,
 * retention), where running hundreds of workflows first would only cost time.
 */
export async function seedExecutions(stack: Stack, seeds: SeededExecution[]): Promise<string[]> {
  const rows = seeds.map((seed) => {
    const startedAt = seed.startedAt ?? new Date();
    const eventType = seed.eventType ?? 'clients.create';
    const failed = seed.handler?.status === 'failed' ? 1 : 0;
    return {
      id: randomUUID(),
      eventId: seed.eventId,
      eventType,
      objectId: '12',
      payload: { id: seed.eventId, type: eventType, objectId: '12', occurredAt: startedAt.toISOString(), data: {} },
      status: seed.status,
      snapshotVersion: seed.snapshotVersion ?? null,
      workflowId: `event-${seed.eventId}`,
      runId: null,
      replayOf: null,
      startedAt,
      finishedAt: seed.finishedAt === undefined ? (seed.status === 'running' ? null : startedAt) : seed.finishedAt,
      handlersTotal: seed.handler ? 1 : 0,
      succeeded: seed.handler ? 1 - failed : 0,
      failed,
      skipped: 0,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await stack.database.db.insert(executions).values(rows.slice(i, i + 500));
  const logs = rows.flatMap((row, i) => {
    const handler = seeds[i]!.handler;
    if (!handler) return [];
    return [
      {
        executionId: row.id,
        handlerId: handler.id,
        handlerName: handler.name,
        priority: 1,
        attempt: 1,
        status: handler.status,
        responseStatus: handler.responseStatus ?? (handler.status === 'failed' ? 500 : 200),
        startedAt: row.startedAt,
        durationMs: 3,
      },
    ];
  });
  for (let i = 0; i < logs.length; i += 500)
    await stack.database.db.insert(executionLogs).values(logs.slice(i, i + 500));
  return rows.map((r) => r.id);
}
