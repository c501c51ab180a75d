import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { v7 as uuidv7 } from 'uuid';
import { EventInput, type HooklineEvent, workflowIdForEvent } from '@hookline/domain';
import type { ProcessEventInput, ProcessEventResult } from '../workflows';

export const PROCESS_EVENT_WORKFLOW = 'processEvent';

export interface EmitOptions {
  taskQueue: string;
  /** Defaults to the time of acceptance. */
  now?: () => Date;
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
      args: [{ event, executionId }],
      // Closed workflows keep their id too: an event id never runs twice.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { executionId },
    });
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
