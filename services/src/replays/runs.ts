import { type Db, ensureReplayRun, type ReplayRow } from '@hookline/db';
import type { BulkReplayOptions } from '@hookline/domain';

/**
 * The one place a bulk replay's row is created: by the API before it starts the workflow, so that progress can be
 * read as soon as it answers, and by the workflow's first activity when it was started directly through Temporal.
 * Keyed by the replay id, so the second of the two finds the first's row.
 */
export function recordBulkReplay(
  db: Db,
  run: { id: string; workflowId: string; request: BulkReplayOptions; requestedBy?: string | null }
): Promise<ReplayRow> {
  return ensureReplayRun(db, {
    id: run.id,
    workflowId: run.workflowId,
    filter: run.request.filter,
    mode: run.request.mode,
    handlers: run.request.handlers,
    concurrency: run.request.concurrency,
    status: 'running',
    ...(run.requestedBy === undefined ? {} : { requestedBy: run.requestedBy }),
  });
}
