import type {
  ExecutionCounts,
  HandlerHealthPolicy,
  HooklineEvent,
  PlannedHandler,
  ReplayInstructions,
  SelectedHandlers,
} from '@hookline/domain';
import type {
  AnnounceBulkReplayResult,
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
  /** The key of a type ordered by object, and whether this execution waited its turn; absent in older histories. */
  ordering?: { key: string; sequenced: boolean } | null;
}

/** The handlers an execution runs, in order, and why the snapshot's others for this event do not. */
export interface ExecutionPlan extends SelectedHandlers {
  snapshotVersion: number;
  /**
   * Each handler's first call runs as a local activity, inside the workflow task, and later attempts as activities
   * (`HOOKLINE_FIRST_CALL`). Fixed by the plan, so a workflow keeps the way it began with; absent in plans made
   * before there was a choice, which called as activities.
   */
  firstCallLocal?: boolean;
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
  /** 1 for the first call of this handler in this execution; the workflow counts its retries. */
  attempt: number;
}

/**
 * One attempt as its execution-log row, in the form it travels through history when the activity could not write
 * it itself (the database was down): the workflow then writes it, so a log outage delays a row and never loses one.
 */
export interface AttemptRecord {
  executionId: string;
  handlerId: number;
  handlerName: string;
  priority: number;
  attempt: number;
  status: 'succeeded' | 'failed';
  request: { url: string; headers: Record<string, string>; body: unknown } | null;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
  /** Something the database cannot store as text (NUL, a lone surrogate) was escaped. */
  escaped: boolean;
  /** ISO 8601 */
  startedAt: string;
  durationMs: number;
}

/**
 * How one call went. The activity itself never fails because of its answer: a failed call is a result, and the
 * workflow decides on a retry, so that nothing but a failed call makes Hookline call a receiver again.
 */
export interface CallHandlerResult {
  /** `succeeded`: done. `retryable`: another attempt may help. `rejected`: retrying cannot help. */
  outcome: 'succeeded' | 'retryable' | 'rejected';
  status: number | null;
  error: string | null;
  /** From Retry-After, capped by the handler's maxIntervalMs. */
  retryAfterMs: number | null;
  /** The attempt's row when the activity could not write it; null when it is in the log. */
  unrecorded: AttemptRecord | null;
}

/**
 * How a handler's first call, made as a local activity, went: as an activity's call would have, or `not called`
 * when it could not be claimed (the database did not answer), and the workflow makes the attempt as an activity.
 */
export type LocalCallResult = CallHandlerResult | { outcome: 'not called' };

export interface RecordUnstorableInput extends BeginExecutionInput {
  /** Why the database refused it, for the execution log. */
  reason: string;
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

export interface LogPartitionsInput {
  /** ISO 8601: the day partitions that ended before this instant's day began go. */
  before: string;
}

export interface LogPartitionsResult {
  /** Day partitions created ahead (today and the days after it that had none). */
  created: number;
  /** Names of the day partitions dropped. */
  dropped: string[];
}

export interface PurgeBatchInput {
  /** ISO 8601: executions that finished before this instant go. */
  before: string;
  limit: number;
}

export interface CheckHandlerHealthInput {
  policy: HandlerHealthPolicy;
}

export interface CheckHandlerHealthResult {
  /** Ids of the handlers disabled, marked failing and recovered by this check. */
  disabled: number[];
  failing: number[];
  recovered: number[];
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
  /** One call of one handler, its row written to the log; the event is read by execution id, not carried. */
  callHandler(input: CallHandlerInput): Promise<CallHandlerResult>;
  /**
   * The same call as a local activity: it claims the call before making it, so that when a workflow task lost with
   * its worker runs again, an attempt already logged is not made again, and one whose call was under way is logged
   * without an outcome and followed by the next attempt rather than repeated under the same number.
   */
  callHandlerLocally(input: CallHandlerInput): Promise<LocalCallResult>;
  /** Writes an attempt's row that its activity could not write, or one for an attempt whose activity was lost. */
  recordAttempt(input: AttemptRecord): Promise<void>;
  /** Records, as failed with the reason, an execution whose event the database refuses to store as it is. */
  recordUnstorableExecution(input: RecordUnstorableInput): Promise<void>;
  recordSkipped(input: RecordSkippedInput): Promise<void>;
  recordExecutionFinished(input: RecordFinishInput): Promise<void>;

  /** Compiles the enabled handlers and stores a new snapshot only when the content changed. */
  refreshSnapshot(input: RefreshSnapshotInput): Promise<RefreshSnapshotResult>;

  beginBulkReplay(input: BeginBulkReplayInput): Promise<{ total: number }>;
  bulkReplayPage(input: BulkReplayPageInput): Promise<BulkReplayPage>;
  prepareReplays(input: PrepareReplaysInput): Promise<PreparedReplays>;
  recordBulkReplayProgress(input: { replayId: string; counts: BulkReplayCounts }): Promise<void>;
  finishBulkReplay(input: FinishBulkReplayInput): Promise<void>;
  /**
   * Emits `hookline.replay.finished` for a bulk replay that has finished, from its recorded row: through the one
   * emitter of operational events, under the id `hookline.replay.finished:<replayId>`, so a retry is a duplicate.
   */
  announceBulkReplayFinished(input: { replayId: string }): Promise<AnnounceBulkReplayResult>;

  /** One bounded batch, so that no statement holds locks on a large part of the log for long. */
  purgeExecutionsBatch(input: PurgeBatchInput): Promise<{ deleted: number }>;
  /**
   * The execution log's daily maintenance: creates the day partitions ahead, and drops those wholly older than
   * `before` (instead of deleting their rows), keeping the attempts of executions that retention keeps.
   */
  maintainLogPartitions(input: LogPartitionsInput): Promise<LogPartitionsResult>;

  /**
   * Whether an event of a type ordered by object may run: `now` when no event of its key accepted before it is still
   * queued. With `clearStale`, an event ahead that has not ended for a minute and whose workflow no longer runs (ended
   * from outside, or never started) is taken out of the queue first.
   */
  takeTurn(input: TakeTurnInput): Promise<'now' | 'wait'>;
  /** Takes an ended event out of its key's queue and wakes the next one of the key. */
  releaseTurn(input: { eventId: string }): Promise<void>;

  /**
   * The failing-handler policy over the execution log (DESIGN §2.1): disables, marks failing, clears marks. Each
   * change is committed and told to the operational-events listener as it is made; a second run changes nothing more.
   */
  checkHandlerHealth(input: CheckHandlerHealthInput): Promise<CheckHandlerHealthResult>;
}

export interface TakeTurnInput {
  eventId: string;
  clearStale: boolean;
}
