import type { Config } from '@hookline/services/config';
import type { Client } from '@temporalio/client';

const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 } as const;
const DEADLINE_MS = 2_000;

/** protobufjs hands int64 out as a Long (or a number, depending on how it was built). */
function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  return null;
}

/**
 * Temporal's approximate backlog (`DescribeTaskQueue` with `reportStats`) of the workflow and the
 * activity task queue together. Null when the server does not report stats (older servers).
 */
export async function queueBacklog(
  client: Client,
  config: Pick<Config, 'taskQueue' | 'temporalNamespace'>
): Promise<number | null> {
  const counts = await client.connection.withDeadline(Date.now() + DEADLINE_MS, () =>
    Promise.all(
      Object.values(TASK_QUEUE_TYPES).map(async (taskQueueType) => {
        const response = await client.workflowService.describeTaskQueue({
          namespace: config.temporalNamespace,
          taskQueue: { name: config.taskQueue },
          taskQueueType,
          reportStats: true,
        });
        return toNumber(response.stats?.approximateBacklogCount);
      })
    )
  );
  if (counts.every((c) => c === null)) return null;
  return counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}
