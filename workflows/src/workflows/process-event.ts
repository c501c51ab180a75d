import {
  ActivityFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HandlerPlan, LoadHandlersInput, RecordStartInput, ReplayRequest } from '../activities/types';
import type { ExecutionCounts, HooklineEvent, PlannedHandler } from '@hookline/domain';
import { evaluateCondition } from '@hookline/domain';
import { bookkeeping, handlerCall, localBookkeeping, localSnapshot } from './activity-options';

export interface ProcessEventInput {
  event: HooklineEvent;
  /** Given by whoever starts the workflow so it can answer at once; generated otherwise. */
  executionId?: string;
  replay?: ReplayRequest;
  /**
   * `begin`: the start is recorded and the execution planned in one local activity. Every starter in this
   * package sets it; an execution started without it takes, and replays, the path of the version it began on.
   */
  recording?: 'begin';
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
  const began = await begin(input.recording, {
    start: { executionId, event, workflowId: info.workflowId, runId: info.runId, replayOf: replay?.of ?? null },
    load: {
      eventType: event.type,
      snapshotVersion: replay?.handlers === 'original' ? replay.snapshotVersion : undefined,
    },
  });
  const { records, plan } = began;
  if (!plan) {
    // The event already ran (its first workflow may be gone from Temporal): never run handlers twice.
    return { executionId: began.ownerId, status: 'duplicate', snapshotVersion: null, counts: emptyCounts() };
  }

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

interface Began {
  records: typeof localRecords;
  ownerId: string;
  plan: HandlerPlan | null;
}

/**
 * Records the start and loads the plan (none when another execution owns the event). Executions started before
 * `recording: 'begin'` existed replay their own way: two steps, through remote activities before the
 * `local-bookkeeping` patch, local ones after it.
 */
async function begin(
  recording: ProcessEventInput['recording'],
  { start, load }: { start: RecordStartInput; load: LoadHandlersInput }
): Promise<Began> {
  if (recording === 'begin') {
    const { ownerId, plan } = await localRecords.beginExecution({ start, load });
    return { records: localRecords, ownerId, plan };
  }
  const records = patched('local-bookkeeping') ? localRecords : remoteRecords;
  const { ownerId } = await records.recordExecutionStarted(start);
  if (ownerId !== start.executionId) return { records, ownerId, plan: null };
  return { records, ownerId, plan: await snapshot.loadHandlers(load) };
}

function emptyCounts(): ExecutionCounts {
  return { handlers: 0, succeeded: 0, failed: 0, skipped: 0 };
}
