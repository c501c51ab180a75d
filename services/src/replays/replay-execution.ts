import type { Db } from '@hookline/db';
import { ReplayRequest, type ReplayRefusal, type ReplayStarted } from '@hookline/domain';
import { startReplay } from '@hookline/workflows/client';
import type { Client } from '@temporalio/client';
import { prepareReplay } from './prepare';

/** Why an execution cannot be replayed: `not-found` (HTTP 404), the others 409. */
export class ReplayRefusedError extends Error {
  constructor(
    readonly reason: ReplayRefusal,
    message: string
  ) {
    super(message);
    this.name = 'ReplayRefusedError';
  }
}

export interface ReplayExecutionOptions extends ReplayRequest {
  taskQueue: string;
}

/**
 * Replays one execution as `POST /api/executions/:id/replay` does: a new `processEvent` with
 * workflow id `event-<eventId>-replay-<n>` whose execution links back through `replayOf`.
 * `mode` `all` (default) runs every handler again, `failed` only those that failed or were
 * skipped; `handlers` `original` (default) uses the snapshot the execution ran with, `current`
 * the newest. Reads the execution from `db`; throws {@link ReplayRefusedError} when it does not
 * exist, is still running, or (mode `failed`) has nothing that failed.
 */
export async function replayExecution(
  client: Client,
  db: Db,
  executionId: string,
  options: ReplayExecutionOptions
): Promise<ReplayStarted> {
  const request = ReplayRequest.parse({ mode: options.mode, handlers: options.handlers });
  const prepared = await prepareReplay(db, executionId, request);
  if (!prepared.ok) throw new ReplayRefusedError(prepared.reason, prepared.detail);
  return startReplay(client, prepared, { taskQueue: options.taskQueue });
}
