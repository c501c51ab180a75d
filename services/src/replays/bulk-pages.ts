import {
  type Db,
  countReplayCandidates,
  finishReplayRun,
  recordReplayRunProgress,
  replayCandidatePage,
  setReplayRunTotal,
  type ReplayCandidateFilter,
} from '@hookline/db';
import type { ReplayFilter, ReplayMode } from '@hookline/domain';
import { prepareReplay } from './prepare';
import { recordBulkReplay } from './runs';
import type {
  BeginBulkReplayInput,
  BulkReplayCounts,
  BulkReplayPage,
  BulkReplayPageInput,
  FinishBulkReplayInput,
  PrepareReplaysInput,
  PreparedReplay,
  PreparedReplays,
} from '@hookline/workflows/activities';

const PREPARED_BYTES_BUDGET = 256 * 1024;

function candidateFilter(filter: ReplayFilter, mode: ReplayMode): ReplayCandidateFilter {
  return {
    status: filter.status,
    eventType: filter.event,
    objectId: filter.objectId,
    handlerId: filter.handlerId,
    from: filter.from === undefined ? undefined : new Date(filter.from),
    to: filter.to === undefined ? undefined : new Date(filter.to),
    // Mode `failed` replays only failed or skipped handlers: executions without any have nothing to replay.
    withFailures: mode === 'failed',
  };
}

/** The bookkeeping of bulk replays; every write is keyed by the replay id, so retries are harmless. */
export function bulkReplayBookkeeping(db: Db) {
  return {
    /** Records the bulk replay (when it was started directly through Temporal) and counts what it matches. */
    async beginBulkReplay({ replayId, workflowId, request }: BeginBulkReplayInput): Promise<{ total: number }> {
      const run = await recordBulkReplay(db, { id: replayId, workflowId, request });
      if (run.total !== null) return { total: run.total };
      const total = await countReplayCandidates(db, replayId, candidateFilter(request.filter, request.mode));
      return { total: await setReplayRunTotal(db, replayId, total) };
    },

    async bulkReplayPage({ replayId, filter, mode, after, limit }: BulkReplayPageInput): Promise<BulkReplayPage> {
      const page = await replayCandidatePage(db, replayId, candidateFilter(filter, mode), { after, limit });
      return { items: page.rows, next: page.next };
    },

    /**
     * Plans a page of replays in one activity rather than one each: every activity completion
     * costs the bulk replay's workflow a task, and that workflow is the one serial part of it.
     */
    async prepareReplays({ executionIds, mode, handlers }: PrepareReplaysInput): Promise<PreparedReplays> {
      const prepared: PreparedReplay[] = [];
      let bytes = 0;
      for (const executionId of executionIds) {
        // Events carry their data: stop at a size far below Temporal's payload limit, the caller asks again.
        if (prepared.length > 0 && bytes >= PREPARED_BYTES_BUDGET) break;
        const replay = await prepareReplay(db, executionId, { mode, handlers });
        bytes += JSON.stringify(replay).length;
        prepared.push(replay);
      }
      return { prepared };
    },

    async recordBulkReplayProgress({ replayId, counts }: { replayId: string; counts: BulkReplayCounts }) {
      await recordReplayRunProgress(db, replayId, counts);
    },

    async finishBulkReplay({ replayId, status, counts, error }: FinishBulkReplayInput): Promise<void> {
      await finishReplayRun(db, replayId, { ...counts, status, error });
    },
  };
}
