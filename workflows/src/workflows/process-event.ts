import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ExecutionCounts, HooklineEvent, PlannedHandler, ReplayInstructions } from '@hookline/domain';
import { UNSTORABLE } from '@hookline/domain/failures';
import type { BeganExecution, BeginExecutionInput, HooklineActivities } from '../activities';
import { localBookkeeping } from './activity-options';
import { runHandler } from './handler-run';
import { turnSignal } from './ordering-signals';

export interface ProcessEventInput {
  event: HooklineEvent;
  /** Given by whoever starts the workflow so it can answer at once; generated otherwise. */
  executionId?: string;
  replay?: ReplayInstructions;
  /**
   * Set for a type ordered by object: the event waits until no event of its key that was accepted before it (queued in
   * `ordering_queue` by the API, in order) is still unfinished, and wakes the next one when it ends. A replay carries
   * its original's key but runs at once, outside the sequence.
   */
  ordering?: { key: string };
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
  const { ordering, replay } = input;
  if (!ordering || replay) return runEvent(input, ordering ? { key: ordering.key, sequenced: false } : null);
  const eventId = input.event.id;
  // Before the first look at the queue: the event ahead may end, and wake this one, while it looks.
  let woken = false;
  setHandler(turnSignal, () => {
    woken = true;
  });
  try {
    // Woken or not, the turn is taken in the queue (marked running) before the event runs, so that an event of the
    // key that committed its place late never runs beside it; without a wake, a look that also clears gone events.
    let turn = await records.takeTurn({ eventId, clearStale: false });
    while (turn === 'wait') {
      const wakened = await condition(() => woken, TURN_CHECK_EVERY);
      woken = false;
      turn = await records.takeTurn({ eventId, clearStale: !wakened });
    }
    return await runEvent(input, { key: ordering.key, sequenced: true });
  } finally {
    // Failed, cancelled or done, the next event of the key may run: a failed event never blocks its key.
    await CancellationScope.nonCancellable(() => records.releaseTurn({ eventId }));
  }
}

// A waiting event is woken by the one ahead of it when that one ends. Should that never come (the event ahead was
// ended from outside, or its start never landed), it looks again this often, and then clears such an event away.
const TURN_CHECK_EVERY = '1 minute';

async function runEvent(
  input: ProcessEventInput,
  ordering: { key: string; sequenced: boolean } | null
): Promise<ProcessEventResult> {
  const { event, replay } = input;
  const info = workflowInfo();
  const executionId = input.executionId ?? uuid4();
  const began = await begin({
    executionId,
    event,
    workflowId: info.workflowId,
    runId: info.runId,
    replay: replay ?? null,
    ...(ordering ? { ordering } : {}),
  });
  if (began === 'unstorable') {
    return { executionId, status: 'failed', snapshotVersion: null, counts: emptyCounts() };
  }
  if (!began.owner) {
    // The event already ran (its first workflow may be gone from Temporal): never run handlers twice.
    return { executionId: began.ownerId, status: 'duplicate', snapshotVersion: null, counts: emptyCounts() };
  }
  const { snapshotVersion, handlers, firstCallLocal } = began.plan;

  const counts: ExecutionCounts = { handlers: handlers.length, succeeded: 0, failed: 0, skipped: 0 };
  const skipped: PlannedHandler[] = [];
  let stoppedBy: PlannedHandler | null = null;
  for (const handler of handlers) {
    if (stoppedBy) {
      skipped.push(handler);
      continue;
    }
    if (await runHandler(handler, { executionId, snapshotVersion, firstCallLocal })) {
      counts.succeeded++;
    } else {
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

/**
 * Begins the execution; an event the database refuses for good (a NUL byte in its data, say, from a starter that
 * skipped the API's checks) is recorded as failed with the reason instead of being retried forever.
 */
async function begin(input: BeginExecutionInput): Promise<BeganExecution | 'unstorable'> {
  try {
    return await records.beginExecution(input);
  } catch (err) {
    // A local activity's failure may arrive as the ActivityFailure around it or as the failure itself.
    const failure = err instanceof ActivityFailure ? err.cause : err;
    if (!(failure instanceof ApplicationFailure && failure.type === UNSTORABLE)) throw err;
    await records.recordUnstorableExecution({ ...input, reason: failure.message });
    return 'unstorable';
  }
}

function emptyCounts(): ExecutionCounts {
  return { handlers: 0, succeeded: 0, failed: 0, skipped: 0 };
}
