import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  type AttemptClaim,
  type Db,
  type EarlierAttempt,
  CALL_UNDER_WAY,
  claimAttempt,
  deleteFinishedExecutions,
  dropExpiredLogPartitions,
  ensureLogPartitions,
  executionById,
  recordAttempt,
  safeDatabaseErrorMessage,
} from '@hookline/db';
import {
  HANDLER_MISSING,
  HandlerHealthPolicy,
  HooklineEvent,
  UNSTORABLE,
  ignoreHandlerHealthChange,
  type HandlerHealthChange,
  type HandlerHealthListener,
  type SnapshotHandler,
} from '@hookline/domain';
import {
  MissingSnapshotError,
  announceBulkReplayFinished,
  attemptRecord,
  attemptRow,
  beginExecution,
  bulkReplayBookkeeping,
  checkHandlerHealth,
  classifyStatus,
  disableHandlerForGone,
  isPermanentDatabaseError,
  recordAttemptRecord,
  recordFinished,
  recordSkipped,
  recordUnstorableExecution,
  refreshSnapshot,
  releaseOrderedTurn,
  sharedMetrics,
  takeOrderedTurn,
  sqlStateOf,
  type Deliverer,
  type HandlerCache,
  type HooklineMetrics,
  type OperationalEventEmitter,
} from '@hookline/services';
import { ZodError } from 'zod';
import type {
  AttemptRecord,
  CallHandlerInput,
  CallHandlerResult,
  HooklineActivities,
} from '@hookline/workflows/activities';
import type { Client } from '@temporalio/client';
import { startPublishAfterDisable } from '@hookline/workflows/client';
import { RecentEvents } from './recent-events';

/**
 * An attempt whose row was already written when its local call came round again (its workflow task was lost after
 * the call): what the row says, without calling again. A failure without an HTTP status (a timeout, a refused
 * connection, a call under way when its worker stopped) counts as retryable.
 */
function earlierOutcome(earlier: EarlierAttempt): CallHandlerResult {
  const status = earlier.responseStatus;
  const outcome = earlier.status === 'succeeded' ? 'succeeded' : status === null ? 'retryable' : classifyStatus(status);
  return { outcome, status, error: earlier.error, retryAfterMs: null, unrecorded: null };
}

export interface ActivityDeps {
  db: Db;
  handlerCache: HandlerCache;
  deliverer: Deliverer;
  now: () => Date;
  /** Defaults to the process-wide registry, which the API serves at /metrics. */
  metrics?: HooklineMetrics;
  /** Plans say to make each handler's first call as a local activity (`HOOKLINE_FIRST_CALL=local`). */
  firstCallLocal?: boolean;
  /** The worker's Temporal client and task queue: what sequences of ordered events are fed and checked through. */
  temporal: { client: Client; taskQueue: string };
  /** Emits Hookline's own events (`emitOperationalEvent` on the worker's Temporal client). */
  emitOperational: OperationalEventEmitter;
  /**
   * Told when the system disables a handler, marks it failing or clears the mark (operational events). Called once
   * per change, after it is committed; what it throws is logged and changes nothing.
   */
  onHandlerHealthChange?: HandlerHealthListener;
}

/** HTTP 410 Gone: the receiver says this handler's calls are no longer wanted (DESIGN §2.1). */
const GONE = 410;
// Disabling after a 410 happens after the call was made and logged, inside the same activity's margin.
const GONE_DISABLE_TIMEOUT_MS = 2_000;

// Tries at writing an attempt's row inside its activity before handing the row to the workflow, each bounded in time:
// while PostgreSQL restarts, a query waits for the connection instead of failing, and an activity that overran its
// timeout would count as a lost call. Together they stay well inside the activity's margin after the call.
const ROW_WRITE_TRIES = 2;
const ROW_WRITE_TIMEOUT_MS = 1_000;
const ROW_WRITE_PAUSE_MS = 250;

/** Rejects when `work` takes longer than `ms`; the work itself may still finish (a late write is idempotent). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The activities Hookline's workflows call, as a thin adapter over the Node services: it adds what only an activity
 * knows (the cancellation signal) and turns outcomes into the failures Temporal retries or not.
 */
/**
 * A database error leaves an activity as its safe description only: its own message quotes the query's parameters
 * (handler secrets among them), and Temporal would keep that message in history and the worker's log.
 */
function withoutDatabaseValues(activities: HooklineActivities): HooklineActivities {
  const wrapped: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(activities) as [string, (input: never) => Promise<unknown>][]) {
    wrapped[name] = async (input: never) => {
      try {
        return await run(input);
      } catch (err) {
        const safe = safeDatabaseErrorMessage(err);
        if (safe === undefined) throw err;
        throw ApplicationFailure.create({ type: 'DatabaseError', message: safe });
      }
    };
  }
  // Same keys, same signatures: only the errors thrown change.
  return wrapped as unknown as HooklineActivities;
}

export function createActivities(deps: ActivityDeps): HooklineActivities {
  return withoutDatabaseValues(activitiesOf(deps));
}

function activitiesOf({
  db,
  handlerCache,
  deliverer,
  now,
  metrics = sharedMetrics(),
  firstCallLocal = false,
  temporal,
  emitOperational,
  onHandlerHealthChange = ignoreHandlerHealthChange,
}: ActivityDeps): HooklineActivities {
  const recentEvents = new RecentEvents();

  const tell = async (change: HandlerHealthChange): Promise<void> => {
    try {
      await onHandlerHealthChange(change);
    } catch (err) {
      Context.current().log.warn('handler health listener failed', {
        kind: change.kind,
        handlerId: change.handlerId,
        err,
      });
    }
  };

  /**
   * After a 410 Gone: disables the handler (once, however many calls saw the answer), tells the listener, and
   * publishes so that later events do not call it. The call has been made and logged by then, so nothing here may
   * fail the activity: a failure is logged, and the handler stays as it was.
   */
  const disableOnGone = async (handler: SnapshotHandler, at: Date): Promise<void> => {
    try {
      const disabled = await within(GONE_DISABLE_TIMEOUT_MS, disableHandlerForGone(db, handler.id, at));
      if (!disabled) return;
      await tell(disabled.change);
      const { client, info } = Context.current();
      await within(
        GONE_DISABLE_TIMEOUT_MS,
        startPublishAfterDisable(client, {
          taskQueue: info.taskQueue,
          handlerId: handler.id,
          version: disabled.version,
          reason: `handler #${handler.id} disabled: 410 Gone`,
        })
      );
    } catch (err) {
      Context.current().log.warn('handler not disabled after 410 Gone', {
        handlerId: handler.id,
        // A database error's own message may quote the query's values (secrets among them): its safe form only.
        error: safeDatabaseErrorMessage(err) ?? (err instanceof Error ? err.message : String(err)),
      });
    }
  };

  const snapshotHandler = async (version: number, handlerId: number): Promise<SnapshotHandler | undefined> => {
    const current = handlerCache.current();
    const snapshot = current.version === version ? current : await handlerCache.byVersion(version);
    return snapshot?.handlers.find((h) => h.id === handlerId);
  };

  const eventOf = async (executionId: string): Promise<HooklineEvent> => {
    const remembered = recentEvents.get(executionId);
    if (remembered) return remembered;
    const row = await executionById(db, executionId);
    const event = HooklineEvent.safeParse(row?.payload);
    if (!event.success) {
      throw ApplicationFailure.create({
        type: HANDLER_MISSING,
        nonRetryable: true,
        message: `the event of execution ${executionId} cannot be read`,
      });
    }
    return event.data;
  };

  /** Null when written; the record itself when the database would not take it now (the workflow writes it later). */
  const writeRow = async (record: AttemptRecord): Promise<AttemptRecord | null> => {
    for (let tries = 1; ; tries++) {
      try {
        await within(ROW_WRITE_TIMEOUT_MS, recordAttempt(db, attemptRow(record)));
        return null;
      } catch (err) {
        if (tries >= ROW_WRITE_TRIES) {
          Context.current().log.warn('attempt row handed to the workflow', { sqlState: sqlStateOf(err) });
          return record;
        }
        await sleep(ROW_WRITE_PAUSE_MS);
      }
    }
  };

  const plannedHandler = async ({ snapshotVersion, handlerId }: CallHandlerInput): Promise<SnapshotHandler> => {
    const handler = await snapshotHandler(snapshotVersion, handlerId);
    if (handler) return handler;
    throw ApplicationFailure.create({
      type: HANDLER_MISSING,
      nonRetryable: true,
      message: `handler ${handlerId} is not in snapshot ${snapshotVersion}`,
    });
  };

  const deliverAndLog = async (
    handler: SnapshotHandler,
    { executionId, attempt }: CallHandlerInput
  ): Promise<CallHandlerResult> => {
    const event = await eventOf(executionId);
    const result = await deliverer.deliver(handler, event, {
      executionId,
      attempt,
      now,
      signal: Context.current().cancellationSignal,
    });
    metrics.handlerCallDuration.observe({ outcome: result.outcome }, result.durationMs / 1000);
    if (attempt > 1) metrics.retries.inc();
    // From here on the call has been made: nothing may fail this activity, or the receiver would be called again.
    const unrecorded = await writeRow(attemptRecord(executionId, handler, attempt, result));
    if (result.response?.status === GONE) await disableOnGone(handler, now());
    return {
      outcome: result.outcome,
      status: result.response?.status ?? null,
      error: result.error,
      retryAfterMs: result.retryAfterMs,
      unrecorded,
    };
  };

  return {
    ...bulkReplayBookkeeping(db),

    async beginExecution(input) {
      try {
        const began = await beginExecution(db, handlerCache, input);
        if (!began.owner) return began;
        recentEvents.remember(input.executionId, input.event);
        return firstCallLocal ? { ...began, plan: { ...began.plan, firstCallLocal } } : began;
      } catch (err) {
        if (err instanceof MissingSnapshotError) {
          throw ApplicationFailure.create({ type: HANDLER_MISSING, nonRetryable: true, message: err.message });
        }
        if (isPermanentDatabaseError(err)) {
          // Only the SQLSTATE: the driver's message and detail may quote the event's values.
          throw ApplicationFailure.create({
            type: UNSTORABLE,
            nonRetryable: true,
            message: `PostgreSQL refused to store it (SQLSTATE ${sqlStateOf(err)})`,
          });
        }
        throw err;
      }
    },

    async callHandler(input) {
      return deliverAndLog(await plannedHandler(input), input);
    },

    async callHandlerLocally(input) {
      const handler = await plannedHandler(input);
      let claim: AttemptClaim;
      try {
        claim = await within(ROW_WRITE_TIMEOUT_MS, claimAttempt(db, { ...input, handlerId: handler.id }));
      } catch (err) {
        // Nothing was called: the workflow makes this attempt as an activity, which copes with a slow database.
        Context.current().log.warn('call not claimed; calling as an activity', { sqlState: sqlStateOf(err) });
        return { outcome: 'not called' };
      }
      if (claim.kind === 'claimed') return deliverAndLog(handler, input);
      if (claim.kind === 'logged') return earlierOutcome(claim.earlier);
      // The claim's call never answered: log it without an outcome (which releases the claim), and let the workflow's
      // policy decide on the next attempt, as for an activity lost the same way.
      const lost: AttemptRecord = {
        executionId: input.executionId,
        handlerId: handler.id,
        handlerName: handler.name,
        priority: handler.priority,
        attempt: input.attempt,
        status: 'failed',
        request: null,
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        error: CALL_UNDER_WAY,
        escaped: false,
        startedAt: claim.claimedAt.toISOString(),
        durationMs: 0,
      };
      const unrecorded = await writeRow(lost);
      return { outcome: 'retryable', status: null, error: CALL_UNDER_WAY, retryAfterMs: null, unrecorded };
    },

    recordAttempt: (record) => recordAttemptRecord(db, record),

    async announceBulkReplayFinished({ replayId }) {
      try {
        return await announceBulkReplayFinished(db, emitOperational, replayId);
      } catch (err) {
        // A row that does not make a valid event will not make one on a retry either; Temporal being away will.
        if (!(err instanceof ZodError)) throw err;
        throw ApplicationFailure.create({
          type: 'InvalidOperationalEvent',
          nonRetryable: true,
          message: `bulk replay ${replayId} does not make a valid hookline.replay.finished event: ${err.message}`,
        });
      }
    },

    recordUnstorableExecution: (input) => recordUnstorableExecution(db, input),

    async recordSkipped(input) {
      await recordSkipped(db, input, now());
    },

    recordExecutionFinished: (input) => recordFinished(db, input, metrics),

    refreshSnapshot: ({ reason }) => refreshSnapshot(db, handlerCache, { reason, now: now() }),

    async purgeExecutionsBatch({ before, limit }) {
      return { deleted: await deleteFinishedExecutions(db, new Date(before), limit) };
    },

    async checkHandlerHealth({ policy }) {
      const valid = HandlerHealthPolicy.safeParse(policy);
      if (!valid.success) {
        throw ApplicationFailure.create({
          type: 'InvalidHandlerHealthPolicy',
          nonRetryable: true,
          message: `the failing-handler policy is not valid: ${valid.error.message}`,
        });
      }
      const changes = await checkHandlerHealth(db, valid.data, now(), tell);
      const ids = (kind: HandlerHealthChange['kind']) => changes.filter((c) => c.kind === kind).map((c) => c.handlerId);
      return { disabled: ids('disabled'), failing: ids('failing'), recovered: ids('recovered') };
    },

    async maintainLogPartitions({ before }) {
      const created = await ensureLogPartitions(db, now());
      const dropped = await dropExpiredLogPartitions(db, new Date(before));
      return { created, dropped };
    },

    async takeTurn(input) {
      return takeOrderedTurn(db, temporal.client, input, now);
    },

    async releaseTurn({ eventId }) {
      await releaseOrderedTurn(db, temporal.client, eventId);
    },
  };
}
