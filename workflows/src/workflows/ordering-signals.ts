import { defineQuery, defineSignal } from '@temporalio/workflow';
import { ORDERING_MESSAGES } from './ordering-messages';

/** One event waiting in its key's sequence, by its workflow (the event's own, `event-<id>`). */
export interface SequencedEvent {
  eventId: string;
  workflowId: string;
}

/** To the sequencer: put this event at the back of the queue (ignored when it is queued or running already). */
export const enqueueSignal = defineSignal<[SequencedEvent]>(ORDERING_MESSAGES.enqueue);

/** To the sequencer: this event is done (or gave up waiting): the next one may run. */
export const releaseSignal = defineSignal<[{ workflowId: string }]>(ORDERING_MESSAGES.release);

/** To an event's workflow: its turn has come. */
export const turnSignal = defineSignal(ORDERING_MESSAGES.turn);

/** Of the sequencer: whether this event's workflow is queued or running in it. */
export const knowsQuery = defineQuery<boolean, [{ workflowId: string }]>(ORDERING_MESSAGES.knows);
