import type { ExecutionOutcome } from '@hookline/db';
import type { HooklineEvent, PlannedHandler, ReplayHandlers } from '@hookline/domain';

export interface RecordStartInput {
  executionId: string;
  event: HooklineEvent;
  workflowId: string;
  runId: string;
  replayOf: string | null;
}

export interface LoadHandlersInput {
  eventType: string;
  /** A replay with the original handlers asks for the version its execution ran with. */
  snapshotVersion?: number | undefined;
}

export interface HandlerPlan {
  snapshotVersion: number;
  handlers: PlannedHandler[];
}

export interface BeginExecutionInput {
  start: RecordStartInput;
  load: LoadHandlersInput;
}

export interface BeganExecution {
  /** The execution that owns the event: another one means this one must not run handlers. */
  ownerId: string;
  /** Null when another execution owns the event. */
  plan: HandlerPlan | null;
}

export interface CallHandlerInput {
  executionId: string;
  snapshotVersion: number;
  handlerId: number;
  event: HooklineEvent;
}

export interface CallHandlerResult {
  attempt: number;
  status: number | null;
}

export interface RecordSkippedInput {
  executionId: string;
  handlers: Pick<PlannedHandler, 'id' | 'name' | 'priority'>[];
  reason: string;
}

export interface RecordFinishInput extends ExecutionOutcome {
  executionId: string;
}

export interface ReplayRequest {
  /** The execution being replayed. */
  of: string;
  handlers: ReplayHandlers;
  /** Only these handlers run (mode `failed`); all matching handlers when absent (mode `all`). */
  onlyHandlerIds?: number[] | undefined;
  snapshotVersion?: number | undefined;
}

export { HANDLER_FAILED, HANDLER_MISSING, HANDLER_REJECTED } from '@hookline/domain';
