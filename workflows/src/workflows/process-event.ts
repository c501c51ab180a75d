import { ActivityFailure, proxyActivities, proxyLocalActivities, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ExecutionCounts, HooklineEvent, PlannedHandler, ReplayInstructions } from '@hookline/domain';
import type { HooklineActivities } from '../activities';
import { handlerCall, localBookkeeping } from './activity-options';

export interface ProcessEventInput {
  event: HooklineEvent;
  /** Given by whoever starts the workflow so it can answer at once; generated otherwise. */
  executionId?: string;
  replay?: ReplayInstructions;
}

export interface ProcessEventResult {
  executionId: string;
  status: 'succeeded' | 'failed' | 'duplicate';
  snapshotVersion: number | null;
  counts: ExecutionCounts;
}

const records = proxyLocalActivities<HooklineActivities>(localBookkeeping);

/**
 * One event: begin it (record it, plan it against the handler snapshot and evaluate the conditions, in one local
 * activity), call the selected handlers one after another by priority, and record the outcome. The plan is fixed
 * once made, so handler edits published while this runs do not affect it.
 */
export async function processEvent(input: ProcessEventInput): Promise<ProcessEventResult> {
  const { event, replay } = input;
  const info = workflowInfo();
  const executionId = input.executionId ?? uuid4();
  const began = await records.beginExecution({
    executionId,
    event,
    workflowId: info.workflowId,
    runId: info.runId,
    replay: replay ?? null,
  });
  if (!began.owner) {
    // The event already ran (its first workflow may be gone from Temporal): never run handlers twice.
    return { executionId: began.ownerId, status: 'duplicate', snapshotVersion: null, counts: emptyCounts() };
  }
  const { snapshotVersion, handlers } = began.plan;

  const counts: ExecutionCounts = { handlers: handlers.length, succeeded: 0, failed: 0, skipped: 0 };
  const skipped: PlannedHandler[] = [];
  let stoppedBy: PlannedHandler | null = null;
  for (const handler of handlers) {
    if (stoppedBy) {
      skipped.push(handler);
      continue;
    }
    const call = proxyActivities<HooklineActivities>(handlerCall(handler));
    try {
      await call.callHandler({ executionId, snapshotVersion, handlerId: handler.id, event });
      counts.succeeded++;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      counts.failed++;
      if (handler.onFailure === 'stop') stoppedBy = handler;
    }
  }
  if (stoppedBy) {
    counts.skipped = skipped.length;
    await records.recordSkipped({
      executionId,
      handlers: skipped.map(({ id, name, priority }) => ({ id, name, priority })),
      reason: `skipped: handler ${stoppedBy.id} (${stoppedBy.name}) failed and stops the chain`,
    });
  }

  const status = counts.failed > 0 ? 'failed' : 'succeeded';
  await records.recordExecutionFinished({ executionId, status, snapshotVersion, counts });
  return { executionId, status, snapshotVersion, counts };
}

function emptyCounts(): ExecutionCounts {
  return { handlers: 0, succeeded: 0, failed: 0, skipped: 0 };
}
