import {
  ActivityFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReplayRequest } from '../activities/types';
import type { ExecutionCounts, HooklineEvent, PlannedHandler } from '../domain';
import { evaluateCondition } from '../domain/condition-eval';
import { bookkeeping, handlerCall, localBookkeeping, localSnapshot } from './activity-options';

export interface ProcessEventInput {
  event: HooklineEvent;
  /** Given by whoever starts the workflow so it can answer at once; generated otherwise. */
  executionId?: string;
  replay?: ReplayRequest;
}

export interface ProcessEventResult {
  executionId: string;
  status: 'succeeded' | 'failed' | 'duplicate';
  snapshotVersion: number | null;
  counts: ExecutionCounts;
}

const remoteRecords = proxyActivities<Activities>(bookkeeping);
const localRecords = proxyLocalActivities<Activities>(localBookkeeping);
const snapshot = proxyLocalActivities<Activities>(localSnapshot);

/**
 * One event: record it, plan it against the handler snapshot, call the matching handlers one
 * after another by priority, and record the outcome. The plan is fixed once loaded, so handler
 * edits published while this runs do not affect it.
 */
export async function processEvent(input: ProcessEventInput): Promise<ProcessEventResult> {
  const { event, replay } = input;
  const info = workflowInfo();
  const executionId = input.executionId ?? uuid4();
  // Executions started before records became local activities replay with the activities they recorded.
  const records = patched('local-bookkeeping') ? localRecords : remoteRecords;

  const { ownerId } = await records.recordExecutionStarted({
    executionId,
    event,
    workflowId: info.workflowId,
    runId: info.runId,
    replayOf: replay?.of ?? null,
  });
  if (ownerId !== executionId) {
    // The event already ran (its first workflow may be gone from Temporal): never run handlers twice.
    return { executionId: ownerId, status: 'duplicate', snapshotVersion: null, counts: emptyCounts() };
  }

  const plan = await snapshot.loadHandlers({
    eventType: event.type,
    snapshotVersion: replay?.handlers === 'original' ? replay.snapshotVersion : undefined,
  });
  const selected = plan.handlers.filter(
    (h) => evaluateCondition(h.condition, event) && (!replay?.onlyHandlerIds || replay.onlyHandlerIds.includes(h.id))
  );

  const counts: ExecutionCounts = { handlers: selected.length, succeeded: 0, failed: 0, skipped: 0 };
  const skipped: PlannedHandler[] = [];
  let stoppedBy: PlannedHandler | null = null;
  for (const handler of selected) {
    if (stoppedBy) {
      skipped.push(handler);
      continue;
    }
    const call = proxyActivities<Activities>(handlerCall(handler));
    try {
      await call.callHandler({ executionId, snapshotVersion: plan.snapshotVersion, handlerId: handler.id, event });
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
  await records.recordExecutionFinished({
    executionId,
    status,
    snapshotVersion: plan.snapshotVersion,
    handlersTotal: counts.handlers,
    succeeded: counts.succeeded,
    failed: counts.failed,
    skipped: counts.skipped,
  });
  return { executionId, status, snapshotVersion: plan.snapshotVersion, counts };
}

function emptyCounts(): ExecutionCounts {
  return { handlers: 0, succeeded: 0, failed: 0, skipped: 0 };
}
