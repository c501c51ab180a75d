import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  type Db,
  SNAPSHOT_CHANNEL,
  activeHandlerRows,
  latestSnapshotMeta,
  insertSnapshot,
  notify,
  recordAttempt,
  recordExecutionFinish,
  recordExecutionStart,
} from '@hookline/db';
import { sql } from 'drizzle-orm';
import { planFor } from '@hookline/domain';
import { attemptRow } from './attempt-row';
import type { Deliverer } from './delivery';
import { createReplayActivities } from './replay-activities';
import { createRetentionActivities } from './retention-activities';
import { sharedMetrics, type HooklineMetrics } from './metrics';
import { compileSnapshotContent } from './snapshot-compile';
import type { SnapshotStore } from './snapshot-store';
import {
  HANDLER_FAILED,
  HANDLER_MISSING,
  HANDLER_REJECTED,
  type BeganExecution,
  type BeginExecutionInput,
  type CallHandlerInput,
  type CallHandlerResult,
  type HandlerPlan,
  type LoadHandlersInput,
  type RecordFinishInput,
  type RecordSkippedInput,
  type RecordStartInput,
} from './types';

export interface ActivityDeps {
  db: Db;
  snapshots: SnapshotStore;
  deliverer: Deliverer;
  now: () => Date;
  /** Defaults to the process-wide registry, which the API serves at /metrics. */
  metrics?: HooklineMetrics;
}

// Serialises snapshot compilation across workers, so two refreshes never store the same content twice.
const SNAPSHOT_LOCK_ID = 7_311_042_120;

export function createActivities({ db, snapshots, deliverer, now, metrics = sharedMetrics() }: ActivityDeps) {
  const recordStart = (input: RecordStartInput): Promise<{ ownerId: string }> =>
    recordExecutionStart(db, {
      id: input.executionId,
      eventId: input.event.id,
      eventType: input.event.type,
      objectId: input.event.objectId,
      payload: input.event,
      workflowId: input.workflowId,
      runId: input.runId,
      replayOf: input.replayOf,
    });

  /** Reads memory only (or, for an old version, one row). */
  const plan = async ({ eventType, snapshotVersion }: LoadHandlersInput): Promise<HandlerPlan> => {
    const snapshot = snapshotVersion === undefined ? snapshots.current() : await snapshots.byVersion(snapshotVersion);
    if (!snapshot) {
      throw ApplicationFailure.create({
        type: HANDLER_MISSING,
        nonRetryable: true,
        message: `handler snapshot version ${snapshotVersion} does not exist`,
      });
    }
    return { snapshotVersion: snapshot.version, handlers: planFor(snapshot, eventType) };
  };

  return {
    ...createReplayActivities({ db }),
    ...createRetentionActivities({ db }),

    recordExecutionStarted: recordStart,
    loadHandlers: plan,

    /**
     * Records the start and plans the execution in one local activity: one marker in history instead of
     * two. An execution that does not own its event gets no plan, so nothing runs twice.
     */
    async beginExecution({ start, load }: BeginExecutionInput): Promise<BeganExecution> {
      const { ownerId } = await recordStart(start);
      if (ownerId !== start.executionId) return { ownerId, plan: null };
      return { ownerId, plan: await plan(load) };
    },

    async callHandler(input: CallHandlerInput): Promise<CallHandlerResult> {
      const context = Context.current();
      const attempt = context.info.attempt;
      const snapshot =
        snapshots.current().version === input.snapshotVersion
          ? snapshots.current()
          : await snapshots.byVersion(input.snapshotVersion);
      const handler = snapshot?.handlers.find((h) => h.id === input.handlerId);
      if (!handler) {
        throw ApplicationFailure.create({
          type: HANDLER_MISSING,
          nonRetryable: true,
          message: `handler ${input.handlerId} is not in snapshot ${input.snapshotVersion}`,
        });
      }
      const result = await deliverer.deliver(handler, input.event, {
        executionId: input.executionId,
        attempt,
        now,
        signal: context.cancellationSignal,
      });
      metrics.handlerCallDuration.observe({ outcome: result.outcome }, result.durationMs / 1000);
      if (attempt > 1) metrics.retries.inc();
      await recordAttempt(db, attemptRow(input.executionId, handler, attempt, result));
      if (result.outcome === 'succeeded') return { attempt, status: result.response?.status ?? null };
      if (result.outcome === 'rejected') {
        throw ApplicationFailure.create({
          type: HANDLER_REJECTED,
          nonRetryable: true,
          message: result.error ?? 'rejected',
        });
      }
      throw ApplicationFailure.create({
        type: HANDLER_FAILED,
        message: result.error ?? 'failed',
        ...(result.retryAfterMs !== null ? { nextRetryDelay: result.retryAfterMs } : {}),
      });
    },

    async recordSkipped({ executionId, handlers, reason }: RecordSkippedInput): Promise<void> {
      const startedAt = now();
      for (const h of handlers) {
        // Attempt 0: the handler was never called; the row explains why.
        await recordAttempt(db, {
          executionId,
          handlerId: h.id,
          handlerName: h.name,
          priority: h.priority,
          attempt: 0,
          status: 'skipped',
          error: reason,
          startedAt,
          durationMs: 0,
        });
      }
    },

    async recordExecutionFinished(input: RecordFinishInput): Promise<void> {
      const { executionId, ...outcome } = input;
      await recordExecutionFinish(db, executionId, outcome);
      // An activity retry after a lost acknowledgement counts twice: rare, and fine for a rate.
      metrics.executions.inc({ outcome: input.status });
    },

    /** Compiles the enabled handlers and stores a new snapshot only when the content changed. */
    async refreshSnapshot({ reason }: { reason: string }): Promise<{ version: number; changed: boolean }> {
      const at = now();
      const stored = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_ID})`);
        const content = compileSnapshotContent(await activeHandlerRows(tx), at);
        const latest = await latestSnapshotMeta(tx);
        if (latest && latest.hash === content.hash) return { version: latest.version, changed: false, row: null };
        const row = await insertSnapshot(tx, { hash: content.hash, handlers: content.handlers, reason });
        // Delivered on commit, to every worker listening.
        await notify(tx, SNAPSHOT_CHANNEL, String(row.version));
        return { version: row.version, changed: true, row: { ...row, handlers: content.handlers } };
      });
      if (stored.row) {
        snapshots.offer({
          version: stored.row.version,
          hash: stored.row.hash,
          createdAt: stored.row.createdAt.toISOString(),
          handlers: stored.row.handlers,
        });
      }
      return { version: stored.version, changed: stored.changed };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
