import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { v7 as uuidv7 } from 'uuid';
import { EventInput, type HooklineEvent, workflowIdForEvent } from '@hookline/domain';
import type { ProcessEventInput, ProcessEventResult } from '../workflows';
import { enqueueForTurn } from './ordering';

export const PROCESS_EVENT_WORKFLOW = 'processEvent';

export interface EmitOptions {
  taskQueue: string;
  /** Defaults to the time of acceptance. */
  now?: () => Date;
  /**
   * For a type ordered by object: the key whose sequence the event joins (see `orderingKeyOf`). The event's workflow
   * waits for its turn; the key's sequencer hears of it right after the start, so events emitted one after another
   * run in that order.
   */
  ordering?: { key: string };
}

export interface EmitResult {
  executionId: string;
  workflowId: string;
  duplicate: boolean;
  event: HooklineEvent;
}

/**
 * Starts `processEvent` for one event, exactly as `POST /api/events` does: the event id is the
 * idempotency key (workflow id `event-<id>`), so a second start answers the first execution.
 */
export async function emitEvent(client: Client, input: EventInput, options: EmitOptions): Promise<EmitResult> {
  const parsed = EventInput.parse(input);
  const now = options.now ?? (() => new Date());
  const event: HooklineEvent = {
    id: parsed.id ?? uuidv7(),
    type: parsed.type,
    objectId: parsed.objectId,
    occurredAt: parsed.occurredAt ?? now().toISOString(),
    data: parsed.data,
  };
  const workflowId = workflowIdForEvent(event.id);
  const executionId = uuidv7();
  try {
    await client.workflow.start<(input: ProcessEventInput) => Promise<ProcessEventResult>>(PROCESS_EVENT_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId,
      args: [{ event, executionId, ...(options.ordering ? { ordering: options.ordering } : {}) }],
      // Closed workflows keep their id too: an event id never runs twice.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { executionId },
    });
    // Only the start that created the workflow enqueues it, so a repeated post never queues an event twice. Should
    // this enqueue be lost, the waiting event enqueues itself after a minute (see processEvent).
    if (options.ordering) {
      await enqueueForTurn(client, { key: options.ordering.key, eventId: event.id, workflowId }, options);
    }
    return { executionId, workflowId, duplicate: false, event };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await client.workflow.getHandle(workflowId).describe();
    const existing = description.memo?.['executionId'];
    return {
      executionId: typeof existing === 'string' ? existing : workflowId,
      workflowId,
      duplicate: true,
      event,
    };
  }
}
