import type { Client } from '@temporalio/client';
import { v7 as uuidv7 } from 'uuid';
import type { RefreshHandlerCacheInput, refreshHandlerCache } from '../workflows';
import { ensureSchedule } from './ensure-schedule';

export const HANDLER_CACHE_SCHEDULE_ID = 'hookline-handler-cache';
export const REFRESH_WORKFLOW = 'refreshHandlerCache';

export interface HandlerCacheScheduleOptions {
  taskQueue: string;
  everyMs: number;
}

/** Creates the refresh schedule, or brings an existing one in line with the configuration. */
export async function ensureHandlerCacheSchedule(client: Client, options: HandlerCacheScheduleOptions): Promise<void> {
  const args: [RefreshHandlerCacheInput] = [{ reason: 'scheduled refresh' }];
  await ensureSchedule(
    client,
    HANDLER_CACHE_SCHEDULE_ID,
    { intervals: [{ every: options.everyMs }] },
    {
      type: 'startWorkflow',
      workflowType: REFRESH_WORKFLOW,
      taskQueue: options.taskQueue,
      workflowId: HANDLER_CACHE_SCHEDULE_ID,
      args,
    }
  );
}

/**
 * "Publish now": runs the same `refreshHandlerCache` workflow the schedule runs, directly, and answers its result, so
 * the caller learns the version that is now active. Refreshes are serialised by an advisory lock in the database, so
 * a publish and a scheduled refresh at the same moment compile one after the other, and the later one finds nothing
 * new to store.
 */
export async function publishHandlerCache(
  client: Client,
  options: { taskQueue: string; timeoutMs?: number }
): Promise<{ version: number; changed: boolean }> {
  return client.workflow.execute<typeof refreshHandlerCache>(REFRESH_WORKFLOW, {
    taskQueue: options.taskQueue,
    workflowId: `${HANDLER_CACHE_SCHEDULE_ID}-publish-${uuidv7()}`,
    args: [{ reason: 'published' }],
    workflowExecutionTimeout: options.timeoutMs ?? 30_000,
  });
}

export async function nextHandlerCacheRefresh(client: Client): Promise<string | null> {
  const description = await client.schedule.getHandle(HANDLER_CACHE_SCHEDULE_ID).describe();
  return description.info.nextActionTimes[0]?.toISOString() ?? null;
}
