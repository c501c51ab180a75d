import type { Db } from '@hookline/db';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { prepareReplay } from '../activities/prepare-replay';
import { ReplayRequest, workflowIdForReplay, type ReplayRefusal, type ReplayStarted } from '@hookline/domain';
import type { ProcessEventInput, ProcessEventResult } from '../workflows';
import { PROCESS_EVENT_WORKFLOW } from './emit-event';

/** Why an execution cannot be replayed: `not-found` (HTTP 404), the others 409. */
export class ReplayRefusedError extends Error {
  constructor(
    readonly reason: ReplayRefusal,
    message: string
  ) {
    super(message);
    this.name = 'ReplayRefusedError';
  }
}

export interface ReplayExecutionOptions extends ReplayRequest {
  taskQueue: string;
}

// Replay numbers are settled by trying to start; more collisions than this is a bug, not a race.
const MAX_REPLAY_NUMBER_TRIES = 20;

/**
 * Replays one execution as `POST /api/executions/:id/replay` does: a new `processEvent` with
 * workflow id `event-<eventId>-replay-<n>` whose execution links back through `replayOf`.
 * `mode` `all` (default) runs every handler again, `failed` only those that failed or were
 * skipped; `handlers` `original` (default) uses the snapshot the execution ran with, `current`
 * the newest. Reads the execution from `db`; throws {@link ReplayRefusedError} when it does not
 * exist, is still running, or (mode `failed`) has nothing that failed.
 */
export async function replayExecution(
  client: Client,
  db: Db,
  executionId: string,
  options: ReplayExecutionOptions
): Promise<ReplayStarted> {
  const request = ReplayRequest.parse({ mode: options.mode, handlers: options.handlers });
  const prepared = await prepareReplay(db, executionId, request);
  if (!prepared.ok) throw new ReplayRefusedError(prepared.reason, prepared.detail);
  const input: ProcessEventInput = {
    event: prepared.event,
    executionId: prepared.executionId,
    replay: prepared.replay,
    recording: 'begin',
  };
  for (let n = prepared.replayNumber; ; n++) {
    const workflowId = workflowIdForReplay(prepared.event.id, n);
    try {
      await client.workflow.start<(input: ProcessEventInput) => Promise<ProcessEventResult>>(PROCESS_EVENT_WORKFLOW, {
        taskQueue: options.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { executionId: prepared.executionId },
      });
      return { executionId: prepared.executionId, workflowId };
    } catch (err) {
      // A concurrent replay of the same event took this number first: take the next one.
      const retry = err instanceof WorkflowExecutionAlreadyStartedError;
      if (!retry || n >= prepared.replayNumber + MAX_REPLAY_NUMBER_TRIES) throw err;
    }
  }
}
