import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { workflowIdForOrderingKey } from '@hookline/domain';
import type { SequenceEventsInput, SequencedEvent } from '../workflows';
import { ORDERING_MESSAGES, SEQUENCE_EVENTS_WORKFLOW } from '../workflows/ordering-messages';

export interface Enqueue extends SequencedEvent {
  key: string;
}

/**
 * Puts an event at the back of its key's sequence, starting the sequencer when the key has none running. Signals
 * reach a workflow in the order Temporal accepted them, so events enqueued one after another run in that order. A
 * second enqueue of the same event is ignored by the sequencer.
 */
export async function enqueueForTurn(client: Client, entry: Enqueue, options: { taskQueue: string }): Promise<void> {
  const input: SequenceEventsInput = { key: entry.key };
  await client.workflow.signalWithStart<(input: SequenceEventsInput) => Promise<void>, [SequencedEvent]>(
    SEQUENCE_EVENTS_WORKFLOW,
    {
      taskQueue: options.taskQueue,
      workflowId: workflowIdForOrderingKey(entry.key),
      args: [input],
      signal: ORDERING_MESSAGES.enqueue,
      signalArgs: [{ eventId: entry.eventId, workflowId: entry.workflowId }],
    }
  );
}

/**
 * Enqueues an event only when its sequencer does not know it (queued or running): what an event that waited long for
 * its turn does, in case the enqueue that should have followed its start was lost. A query adds nothing to history.
 */
export async function ensureEnqueued(client: Client, entry: Enqueue, options: { taskQueue: string }): Promise<boolean> {
  try {
    const known = await client.workflow
      .getHandle(workflowIdForOrderingKey(entry.key))
      .query<boolean, [{ workflowId: string }]>(ORDERING_MESSAGES.knows, { workflowId: entry.workflowId });
    if (known) return false;
  } catch (err) {
    // No sequencer, or one that has ended: signal-with-start begins a new one.
    if (!(err instanceof WorkflowNotFoundError) && !isClosedWorkflowQuery(err)) throw err;
  }
  await enqueueForTurn(client, entry, options);
  return true;
}

function isClosedWorkflowQuery(err: unknown): boolean {
  return err instanceof Error && /workflow (execution )?(already )?(completed|closed)/i.test(err.message);
}

/** Whether a workflow is still running: false when it ended or never existed. */
export async function isWorkflowOpen(client: Client, workflowId: string): Promise<boolean> {
  try {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    return status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
