import {
  type Client,
  type ScheduleDescription,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { refreshHandlerCache } from '../workflows';

export const HANDLER_CACHE_SCHEDULE_ID = 'hookline-handler-cache';
export const REFRESH_WORKFLOW = 'refreshHandlerCache';

export interface ScheduleOptions {
  taskQueue: string;
  everyMs: number;
}

/** Creates the refresh schedule, or brings an existing one in line with the configuration. */
export async function ensureHandlerCacheSchedule(client: Client, options: ScheduleOptions): Promise<void> {
  const spec = { intervals: [{ every: options.everyMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: REFRESH_WORKFLOW,
    taskQueue: options.taskQueue,
    workflowId: HANDLER_CACHE_SCHEDULE_ID,
    args: [{ reason: 'scheduled refresh' }],
  };
  const handle = client.schedule.getHandle(HANDLER_CACHE_SCHEDULE_ID);
  try {
    await handle.update((previous) => ({ ...previous, spec, action }));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await client.schedule
      .create({
        scheduleId: HANDLER_CACHE_SCHEDULE_ID,
        spec,
        action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
      })
      .catch(async (createErr: unknown) => {
        // Another process created it between our update and create: update that one instead.
        if ((createErr as Error).name !== 'ScheduleAlreadyRunning') throw createErr;
        await handle.update((previous) => ({ ...previous, spec, action }));
      });
  }
}

function actionWorkflowIds(description: ScheduleDescription): string[] {
  // Recent actions are results; running ones are bare workflow references.
  return [
    ...description.info.recentActions.map((a) => a.action.workflow.workflowId),
    ...description.info.runningActions.map((a) => a.workflow.workflowId),
  ];
}

/**
 * "Publish now": triggers the same schedule that refreshes every few minutes, waits for the run it
 * started and answers its result, so the caller learns the version that is now active. Any run that
 * starts after the trigger compiles the edits made before it, so the first new run is the answer.
 */
export async function publishHandlerCache(
  client: Client,
  options: { timeoutMs?: number } = {}
): Promise<{ version: number; changed: boolean }> {
  const handle = client.schedule.getHandle(HANDLER_CACHE_SCHEDULE_ID);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const description = await handle.describe();
  const before = new Set(actionWorkflowIds(description));
  await waitOutRunSecond(description);
  while (Date.now() < deadline) {
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    // A trigger that starts nothing (it collided after all) is repeated, but only well after a normal start.
    const retriggerAt = Date.now() + 5_000;
    for (let delay = 10; Date.now() < Math.min(retriggerAt, deadline); delay = Math.min(delay * 2, 100)) {
      const started = actionWorkflowIds(await handle.describe()).find((id) => !before.has(id));
      if (started) return client.workflow.getHandle<typeof refreshHandlerCache>(started).result();
      await sleep(delay);
    }
  }
  throw new Error(`the handler cache schedule did not start a refresh within ${timeoutMs} ms`);
}

/**
 * Temporal names a scheduled run after its start time to the second: a trigger in the same second as
 * the previous run would collide with it and start nothing, so it waits for the next second.
 */
async function waitOutRunSecond(description: ScheduleDescription): Promise<void> {
  const lastTaken = Math.max(0, ...description.info.recentActions.map((a) => a.takenAt.getTime()));
  const now = Date.now();
  if (Math.floor(lastTaken / 1000) === Math.floor(now / 1000)) await sleep(1000 - (now % 1000) + 20);
}

export async function nextHandlerCacheRefresh(client: Client): Promise<string | null> {
  const description = await client.schedule.getHandle(HANDLER_CACHE_SCHEDULE_ID).describe();
  return description.info.nextActionTimes[0]?.toISOString() ?? null;
}
