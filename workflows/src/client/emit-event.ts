import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { v7 as uuidv7 } from 'uuid';
import { EventInput, type HooklineEvent, isOperationalEventType, workflowIdForEvent } from '@hookline/domain';
import type { ProcessEventInput, ProcessEventResult } from '../workflows';

export const PROCESS_EVENT_WORKFLOW = 'processEvent';

export interface EmitOptions {
  taskQueue: string;
  /** Defaults to the time of acceptance. */
  now?: () => Date;
  /**
   * For a type ordered by object: the key whose sequence the event joins (see `orderingKeyOf`). The caller has queued
   * the event in `ordering_queue` first (`enqueueOrderedEvent`), which is what fixes its place; the workflow waits
   * until the events ahead of it have ended. `POST /api/events` does both.
   */
  ordering?: { key: string };
}

export interface EmitResult {
  executionId: string;
  workflowId: string;
  duplicate: boolean;
  event: HooklineEvent;
}

/** Thrown by {@link emitEvent} for a `hookline.*` type: those events are Hookline's own, emitted by Hookline alone. */
export class OperationalEventTypeError extends Error {
  constructor(readonly type: string) {
    super(`"${type}" is one of Hookline's own event types; only Hookline emits those`);
    this.name = 'OperationalEventTypeError';
  }
}

/**
 * Starts `processEvent` for one event, exactly as `POST /api/events` does: the event id is the
 * idempotency key (workflow id `event-<id>`), so a second start answers the first execution.
 * Hookline's own `hookline.*` types are refused: `emitOperationalEvent` is their one emitter.
 */
export async function emitEvent(client: Client, input: EventInput, options: EmitOptions): Promise<EmitResult> {
  const parsed = EventInput.parse(input);
  if (isOperationalEventType(parsed.type)) throw new OperationalEventTypeError(parsed.type);
  const now = options.now ?? (() => new Date());
  return startProcessEvent(
    client,
    {
      id: parsed.id ?? uuidv7(),
      type: parsed.type,
      objectId: parsed.objectId,
      occurredAt: parsed.occurredAt ?? now().toISOString(),
      data: parsed.data,
    },
    options
  );
}

/** The start itself, for an event already accepted: one `processEvent` per event id, a second start a duplicate. */
export async function startProcessEvent(
  client: Client,
  event: HooklineEvent,
  options: Pick<EmitOptions, 'taskQueue' | 'ordering'>
): Promise<EmitResult> {
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
