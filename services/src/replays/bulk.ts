import { type Db, deleteReplayRun, finishReplayRun, replayRunById, type ReplayRow } from '@hookline/db';
import { cancelBulkReplayWorkflow, startBulkReplayWorkflow } from '@hookline/workflows/client';
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import {
  BulkReplayRequest,
  ReplayFilter,
  workflowIdForBulkReplay,
  type BulkReplayStarted,
  type ReplayProgress,
} from '@hookline/domain';
import { recordBulkReplay } from './runs';

export interface StartBulkReplayOptions {
  taskQueue: string;
  /** Who asked, for the record (the API key's name). */
  requestedBy?: string | undefined;
}

/**
 * Starts a bulk replay (`POST /api/executions/replay`). The row is written first, so progress can
 * be read as soon as this returns; its `created_at` is the cut-off for what the replay takes.
 */
export async function startBulkReplay(
  client: Client,
  db: Db,
  body: BulkReplayRequest,
  options: StartBulkReplayOptions
): Promise<BulkReplayStarted> {
  const request = BulkReplayRequest.parse(body);
  const id = uuidv7();
  const workflowId = workflowIdForBulkReplay(id);
  await recordBulkReplay(db, { id, workflowId, request, requestedBy: options.requestedBy ?? null });
  try {
    await startBulkReplayWorkflow(client, id, request, { taskQueue: options.taskQueue });
  } catch (err) {
    // Nothing will ever run it: a row left behind would show a replay "running" forever.
    await deleteReplayRun(db, id);
    throw err;
  }
  return { id, workflowId };
}

export function replayProgressOf(row: ReplayRow): ReplayProgress {
  return {
    id: row.id,
    workflowId: row.workflowId,
    status: row.status,
    total: row.total,
    done: row.done,
    failed: row.failed,
    skipped: row.skipped,
    // Written through the same schema; parsing again keeps a hand-edited row from breaking the answer.
    filter: ReplayFilter.catch({}).parse(row.filter),
    mode: row.mode,
    handlers: row.handlers,
    concurrency: row.concurrency,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

export async function bulkReplayProgress(db: Db, id: string): Promise<ReplayProgress | null> {
  const row = await replayRunById(db, id);
  return row ? replayProgressOf(row) : null;
}

/** Thrown by {@link cancelBulkReplay}: `not-found` (HTTP 404) or `finished` (409). */
export class BulkReplayCancelError extends Error {
  constructor(
    readonly reason: 'not-found' | 'finished',
    message: string
  ) {
    super(message);
    this.name = 'BulkReplayCancelError';
  }
}

/**
 * Cancels a running bulk replay: it starts no more replays (those under way finish) and records
 * itself as cancelled. Waits up to `waitMs` for that and answers the progress as it then stands.
 */
export async function cancelBulkReplay(
  client: Client,
  db: Db,
  id: string,
  options: {
    waitMs?: number;
    /** Announces the end (`hookline.replay.finished`) of a bulk replay settled here, its workflow being gone. */
    announce?: (replayId: string) => Promise<unknown>;
  } = {}
): Promise<ReplayProgress> {
  const row = await replayRunById(db, id);
  if (!row) throw new BulkReplayCancelError('not-found', `There is no bulk replay ${id}.`);
  if (row.status !== 'running') {
    throw new BulkReplayCancelError('finished', `Bulk replay ${id} has already ${row.status}.`);
  }
  if (!(await cancelBulkReplayWorkflow(client, row.workflowId))) {
    // The workflow is gone (terminated by hand, or past Temporal's retention): settle the row here.
    await finishReplayRun(db, id, {
      done: row.done,
      failed: row.failed,
      skipped: row.skipped,
      status: 'cancelled',
      error: null,
    });
    // The cancel is done whatever becomes of the announcement: its failure is not the cancel's.
    await options.announce?.(id).catch(() => undefined);
  }
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  let progress = replayProgressOf(row);
  for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
    const current = await replayRunById(db, id);
    if (!current) break;
    progress = replayProgressOf(current);
    if (progress.status !== 'running') break;
    await sleep(delay);
  }
  return progress;
}
