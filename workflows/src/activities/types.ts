import type {
  ExecutionCounts,
  HooklineEvent,
  PlannedHandler,
  ReplayInstructions,
  SelectedHandlers,
} from '@hookline/domain';
import type {
  BeginBulkReplayInput,
  BulkReplayCounts,
  BulkReplayPage,
  BulkReplayPageInput,
  FinishBulkReplayInput,
  PrepareReplaysInput,
  PreparedReplays,
} from './replay-types';

export interface BeginExecutionInput {
  executionId: string;
  event: HooklineEvent;
  workflowId: string;
  runId: string;
  replay: ReplayInstructions | null;
}

/** The handlers an execution runs, in order, and why the snapshot's others for this event do not. */
export interface ExecutionPlan extends SelectedHandlers {
  snapshotVersion: number;
}

export type BeganExecution =
  /** This execution owns its event: run the plan. */
  | { owner: true; plan: ExecutionPlan }
  /** Another execution owns the event (its first workflow may be gone from Temporal): run nothing. */
  | { owner: false; ownerId: string };

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

export interface RecordFinishInput {
  executionId: string;
  status: 'succeeded' | 'failed';
  snapshotVersion: number;
  counts: ExecutionCounts;
}

export interface RefreshSnapshotInput {
  reason: string;
}

export interface RefreshSnapshotResult {
  version: number;
  changed: boolean;
}

export interface PurgeBatchInput {
  /** ISO 8601: executions that finished before this instant go. */
  before: string;
  limit: number;
}

/**
 * Every activity Hookline's workflows call, by type. Workflow code proxies this interface and never imports an
 * implementation: the worker's `createActivities` implements it on top of the Node services.
 */
export interface HooklineActivities {
  /**
   * Records the execution, loads its snapshot and evaluates the handlers' conditions, in one local activity: user
   * input such as regular expressions never runs on the workflow thread, and history holds one marker.
   */
  beginExecution(input: BeginExecutionInput): Promise<BeganExecution>;
  callHandler(input: CallHandlerInput): Promise<CallHandlerResult>;
  recordSkipped(input: RecordSkippedInput): Promise<void>;
  recordExecutionFinished(input: RecordFinishInput): Promise<void>;

  /** Compiles the enabled handlers and stores a new snapshot only when the content changed. */
  refreshSnapshot(input: RefreshSnapshotInput): Promise<RefreshSnapshotResult>;

  beginBulkReplay(input: BeginBulkReplayInput): Promise<{ total: number }>;
  bulkReplayPage(input: BulkReplayPageInput): Promise<BulkReplayPage>;
  prepareReplays(input: PrepareReplaysInput): Promise<PreparedReplays>;
  recordBulkReplayProgress(input: { replayId: string; counts: BulkReplayCounts }): Promise<void>;
  finishBulkReplay(input: FinishBulkReplayInput): Promise<void>;

  /** One bounded batch, so that no statement holds locks on a large part of the log for long. */
  purgeExecutionsBatch(input: PurgeBatchInput): Promise<{ deleted: number }>;
}
