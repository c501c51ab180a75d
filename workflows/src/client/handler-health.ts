import type { HandlerHealthPolicy } from '@hookline/domain';
import type { Client } from '@temporalio/client';
import { v7 as uuidv7 } from 'uuid';
import type { CheckHandlersHealthInput, CheckHandlersHealthResult, checkHandlersHealth } from '../workflows';
import { ensureSchedule } from './ensure-schedule';
import { HANDLER_CACHE_SCHEDULE_ID, REFRESH_WORKFLOW } from './handler-cache';

export const HANDLER_HEALTH_SCHEDULE_ID = 'hookline-handler-health';
export const HANDLER_HEALTH_WORKFLOW = 'checkHandlersHealth';

/**
 * Creates (or updates) the `hookline-handler-health` schedule that runs the failing-handler policy's check with the
 * configured policy; called at every worker start, next to the handler-cache and retention schedules.
 */
export async function ensureHandlerHealthSchedule(
  client: Client,
  options: { taskQueue: string; everyMs: number; policy: HandlerHealthPolicy }
): Promise<void> {
  const args: [CheckHandlersHealthInput] = [{ policy: options.policy }];
  await ensureSchedule(
    client,
    HANDLER_HEALTH_SCHEDULE_ID,
    { intervals: [{ every: options.everyMs }] },
    {
      type: 'startWorkflow',
      workflowType: HANDLER_HEALTH_WORKFLOW,
      taskQueue: options.taskQueue,
      workflowId: HANDLER_HEALTH_SCHEDULE_ID,
      args,
    }
  );
}

/** Runs the check now, as the schedule would, and answers what it changed. */
export async function checkHandlersHealthNow(
  client: Client,
  options: { taskQueue: string; policy: HandlerHealthPolicy; timeoutMs?: number }
): Promise<CheckHandlersHealthResult> {
  return client.workflow.execute<typeof checkHandlersHealth>(HANDLER_HEALTH_WORKFLOW, {
    taskQueue: options.taskQueue,
    workflowId: `${HANDLER_HEALTH_SCHEDULE_ID}-now-${uuidv7()}`,
    args: [{ policy: options.policy }],
    workflowExecutionTimeout: options.timeoutMs ?? 60_000,
  });
}

/**
 * Publishes after the system disabled a handler: starts the `refreshHandlerCache` workflow, as "Publish now" does,
 * without waiting for it. Named after the handler's new version, so that starting it twice for the same change (a
 * retried activity) runs one refresh.
 */
export async function startPublishAfterDisable(
  client: Client,
  options: { taskQueue: string; handlerId: number; version: number; reason: string }
): Promise<void> {
  await client.workflow
    .start(REFRESH_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId: `${HANDLER_CACHE_SCHEDULE_ID}-disabled-${options.handlerId}-v${options.version}`,
      args: [{ reason: options.reason }],
      workflowExecutionTimeout: 60_000,
    })
    .catch((err: unknown) => {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
}
