import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  ChildWorkflowFailure,
  ParentClosePolicy,
  TemporalFailure,
  WorkflowIdReusePolicy,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { BulkReplayOptions } from '@hookline/domain';
import { INVALID_BULK_REPLAY } from '@hookline/domain/failures';
import { startUnderFreeReplayNumber } from '@hookline/domain/workflow-ids';
import type { BulkReplayCounts, CandidatePosition, HooklineActivities, PreparedReplay } from '../activities';
import { bookkeeping, tableScan } from './activity-options';
import { forEachBounded } from './bounded';
import { ProgressReporter } from './bulk-replay-progress';
import { ReplayPlanner } from './replay-planner';
import { processEvent } from './process-event';

export interface BulkReplayInput {
  replayId: string;
  request: BulkReplayOptions;
  /** Where the previous run of this bulk replay stopped; set by continue-as-new only. */
  resume?: { after: CandidatePosition; total: number; counts: BulkReplayCounts };
}

export interface BulkReplayResult extends BulkReplayCounts {
  total: number;
}

/**
 * Each run replays (at most) one page, then continues as new with its position and counts:
 * history stays at about one page's worth of events however many executions match.
 */
export const PAGE_SIZE = 100;

const records = proxyActivities<HooklineActivities>(bookkeeping);
const scans = proxyActivities<HooklineActivities>(tableScan);

/**
 * Replays every execution a filter matched when the bulk replay began, each as a child
 * `processEvent` (`event-<eventId>-replay-<n>`), at most `concurrency` at a time. Children are
 * abandoned, not cancelled, when the bulk replay is cancelled: a replay already under way is an
 * execution like any other and finishes and records itself.
 */
export async function bulkReplay(input: BulkReplayInput): Promise<BulkReplayResult> {
  const { replayId, request } = input;
  if (!Number.isInteger(request.concurrency) || request.concurrency < 1) {
    // Validated by the API and the client; a direct start through Temporal could still get this wrong.
    throw ApplicationFailure.create({
      type: INVALID_BULK_REPLAY,
      nonRetryable: true,
      message: `concurrency must be a positive integer, got ${request.concurrency}`,
    });
  }
  const counts: BulkReplayCounts = { ...(input.resume?.counts ?? { done: 0, failed: 0, skipped: 0 }) };
  let next: BulkReplayInput['resume'];
  try {
    const total =
      input.resume?.total ??
      (await scans.beginBulkReplay({ replayId, workflowId: workflowInfo().workflowId, request })).total;
    const page = await scans.bulkReplayPage({
      replayId,
      filter: request.filter,
      mode: request.mode,
      after: input.resume?.after ?? null,
      limit: PAGE_SIZE,
    });
    const planner = new ReplayPlanner(
      page.items.map((item) => item.id),
      request
    );
    const progress = new ProgressReporter(counts, (c) => records.recordBulkReplayProgress({ replayId, counts: c }));
    const started = await forEachBounded(
      page.items,
      request.concurrency,
      async (_item, index) => {
        const plan = await planner.planFor(index);
        const outcome = plan.ok ? await replayOne(plan) : 'skipped';
        if (outcome === 'skipped') counts.skipped++;
        else counts.done++;
        if (outcome === 'failed') counts.failed++;
        progress.changed();
      },
      // Large events can fill history before the page is through: then continue as new early.
      () => workflowInfo().continueAsNewSuggested
    );
    const after = started < page.items.length ? page.items[started - 1] : page.next;
    if (!after) {
      await records.finishBulkReplay({ replayId, status: 'completed', counts, error: null });
      // Completed is recorded: a cancellation arriving now must not interrupt the announcement of it.
      await CancellationScope.nonCancellable(() => announceFinished(replayId));
      return { total, ...counts };
    }
    next = { after, total, counts };
  } catch (err) {
    // A bug in this code (not a Temporal failure) fails the workflow task, which Temporal retries.
    if (!(err instanceof TemporalFailure)) throw err;
    const status = isCancellation(err) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(async () => {
      await records.finishBulkReplay({ replayId, status, counts, error: status === 'failed' ? err.message : null });
      await announceFinished(replayId);
    });
    throw err;
  }
  return continueAsNew<typeof bulkReplay>({ replayId, request, resume: next });
}

/** Bulk replays that began before `hookline.replay.finished` existed end as they began: without announcing it. */
export const ANNOUNCE_REPLAY_FINISHED_PATCH = 'announce-replay-finished';

/**
 * Announces the end (completed, failed or cancelled) as `hookline.replay.finished`, after the final counts are
 * recorded, from which the activity reads the event's data. The event id is the replay's, so a retried announcement
 * is a duplicate. An announcement that cannot be made is logged and does not change how the bulk replay ended.
 */
async function announceFinished(replayId: string): Promise<void> {
  if (!patched(ANNOUNCE_REPLAY_FINISHED_PATCH)) return;
  try {
    const result = await records.announceBulkReplayFinished({ replayId });
    if (!result.emitted) log.info('hookline.replay.finished not emitted', { replayId, reason: result.suppressed });
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('hookline.replay.finished could not be emitted', { replayId, error: String(err) });
  }
}

/**
 * Starts one replay as a child and waits for it. A plan that is not `ok` (the execution was
 * deleted by retention since the page was read, say) is skipped by the caller.
 */
async function replayOne(prepared: Extract<PreparedReplay, { ok: true }>): Promise<'succeeded' | 'failed' | 'skipped'> {
  const child = await startUnderFreeReplayNumber(
    prepared.event.id,
    prepared.replayNumber,
    (workflowId) =>
      startChild(processEvent, {
        workflowId,
        args: [
          {
            event: prepared.event,
            executionId: prepared.executionId,
            replay: prepared.replay,
            ...(prepared.ordering ? { ordering: prepared.ordering } : {}),
          },
        ],
        memo: { executionId: prepared.executionId },
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        cancellationType: ChildWorkflowCancellationType.ABANDON,
      }),
    // Someone else replayed the same event a moment ago and took this number: take the next.
    (err) => err instanceof WorkflowExecutionAlreadyStartedError
  );
  try {
    const result = await child.result();
    return result.status === 'duplicate' ? 'skipped' : result.status;
  } catch (err) {
    if (isCancellation(err) || !(err instanceof ChildWorkflowFailure)) throw err;
    // The replay itself failed (its snapshot is gone, say): that replay ended failed.
    return 'failed';
  }
}
