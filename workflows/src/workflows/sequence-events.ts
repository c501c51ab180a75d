import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { HooklineActivities } from '../activities';
import { localBookkeeping } from './activity-options';
import { enqueueSignal, knowsQuery, releaseSignal, turnSignal, type SequencedEvent } from './ordering-signals';

export interface SequenceEventsInput {
  key: string;
  /** Carried over by continue-as-new: the events still waiting, in order, and the one running. */
  queue?: SequencedEvent[];
  running?: SequencedEvent | null;
}

const checks = proxyLocalActivities<HooklineActivities>(localBookkeeping);

// With nothing queued for this long the sequencer ends; the next event's signal-with-start begins a new one, so idle
// keys cost nothing. Long enough that a busy key is not restarted between every two events.
const IDLE_BEFORE_ENDING = '1 minute';
// A running event releases its turn when it ends, even when it fails or is cancelled; only one ended from outside
// (terminated, or reset) never does. Checked this often, so that such an event holds its key for minutes, not forever.
const RUNNING_CHECK_EVERY = '5 minutes';
// Continue-as-new well before Temporal's limits, whatever the server suggests: each event adds about 6 events here.
const MAX_HISTORY_EVENTS = 4_000;

/**
 * The sequence of one ordering key (`order-<key>`): fed by `enqueue` signals in the order the API accepted the
 * events (signal-with-start), it gives each event's workflow its turn, one at a time, and waits for its `release`.
 * The events keep their own workflows, ids and logs; this holds only the queue.
 */
export async function sequenceEvents(input: SequenceEventsInput): Promise<void> {
  const queue: SequencedEvent[] = [...(input.queue ?? [])];
  let running: SequencedEvent | null = input.running ?? null;

  setHandler(enqueueSignal, (event) => {
    const known = running?.workflowId === event.workflowId || queue.some((q) => q.workflowId === event.workflowId);
    if (!known) queue.push(event);
  });
  setHandler(
    knowsQuery,
    ({ workflowId }) => running?.workflowId === workflowId || queue.some((q) => q.workflowId === workflowId)
  );
  setHandler(releaseSignal, ({ workflowId }) => {
    if (running?.workflowId === workflowId) {
      running = null;
      return;
    }
    // An event that gave up before its turn (cancelled while waiting) leaves the queue.
    const at = queue.findIndex((q) => q.workflowId === workflowId);
    if (at >= 0) queue.splice(at, 1);
  });

  for (;;) {
    if (running === null) {
      if (!(await condition(() => queue.length > 0, IDLE_BEFORE_ENDING))) return;
      const next = queue.shift() as SequencedEvent;
      running = next;
      try {
        await getExternalWorkflowHandle(next.workflowId).signal(turnSignal);
      } catch {
        // Its workflow is gone (ended from outside before its turn): nobody to wait for.
        if (running === next) running = null;
        continue;
      }
    }
    const holder: SequencedEvent = running;
    const released = await condition(() => running !== holder, RUNNING_CHECK_EVERY);
    if (!released && !(await checks.isWorkflowOpen({ workflowId: holder.workflowId })) && running === holder) {
      running = null;
    }
    if (
      running === null &&
      (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS)
    ) {
      await continueAsNew<typeof sequenceEvents>({ key: input.key, queue, running: null });
    }
  }
}
