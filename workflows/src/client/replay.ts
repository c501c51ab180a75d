import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  startUnderFreeReplayNumber,
  workflowIdForBulkReplay,
  type BulkReplayOptions,
  type ReplayStarted,
} from '@hookline/domain';
import type { PreparedReplay } from '../activities/replay-types';
import type { BulkReplayInput, BulkReplayResult, ProcessEventInput, ProcessEventResult } from '../workflows';
import { PROCESS_EVENT_WORKFLOW } from './emit-event';

export const BULK_REPLAY_WORKFLOW = 'bulkReplay';

/**
 * Starts the `processEvent` of a planned replay under `event-<eventId>-replay-<n>`, taking the next number when a
 * concurrent replay of the same event took the planned one.
 */
export async function startReplay(
  client: Client,
  prepared: Extract<PreparedReplay, { ok: true }>,
  options: { taskQueue: string }
): Promise<ReplayStarted> {
  const input: ProcessEventInput = {
    event: prepared.event,
    executionId: prepared.executionId,
    replay: prepared.replay,
    ...(prepared.ordering ? { ordering: prepared.ordering } : {}),
  };
  return startUnderFreeReplayNumber(
    prepared.event.id,
    prepared.replayNumber,
    async (workflowId) => {
      await client.workflow.start<(input: ProcessEventInput) => Promise<ProcessEventResult>>(PROCESS_EVENT_WORKFLOW, {
        taskQueue: options.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { executionId: prepared.executionId },
      });
      return { executionId: prepared.executionId, workflowId };
    },
    (err) => err instanceof WorkflowExecutionAlreadyStartedError
  );
}

/** Starts the `bulkReplay` workflow of a bulk replay whose row is already recorded. */
export async function startBulkReplayWorkflow(
  client: Client,
  replayId: string,
  request: BulkReplayOptions,
  options: { taskQueue: string }
): Promise<WorkflowHandle<(input: BulkReplayInput) => Promise<BulkReplayResult>>> {
  return client.workflow.start<(input: BulkReplayInput) => Promise<BulkReplayResult>>(BULK_REPLAY_WORKFLOW, {
    taskQueue: options.taskQueue,
    workflowId: workflowIdForBulkReplay(replayId),
    args: [{ replayId, request }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
}

/**
 * Asks a bulk replay's workflow to stop. False when the workflow is gone (terminated by hand, or past Temporal's
 * retention), so the caller settles its record itself.
 */
export async function cancelBulkReplayWorkflow(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).cancel();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
