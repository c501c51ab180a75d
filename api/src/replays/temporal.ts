import type { Db } from '@hookline/db';
import { announceBulkReplayFinished, cancelBulkReplay, replayExecution, startBulkReplay } from '@hookline/services';
import { emitOperationalEvent } from '@hookline/workflows/client';
import type { Config } from '@hookline/services/config';
import type {
  BulkReplayRequest,
  BulkReplayStarted,
  ReplayProgress,
  ReplayRequest,
  ReplayStarted,
} from '@hookline/domain';
import type { Client } from '@temporalio/client';

/** Replay operations, bound once to the process's Client, database and task queue. */
export interface ReplayTemporal {
  replayExecution(executionId: string, request: ReplayRequest): Promise<ReplayStarted>;
  startBulkReplay(request: BulkReplayRequest, requestedBy: string): Promise<BulkReplayStarted>;
  cancelBulkReplay(id: string): Promise<ReplayProgress>;
}

export function bindReplayTemporal(client: Client, db: Db, config: Pick<Config, 'taskQueue'>): ReplayTemporal {
  return {
    replayExecution: (executionId, request) =>
      replayExecution(client, db, executionId, { ...request, taskQueue: config.taskQueue }),
    startBulkReplay: (request, requestedBy) =>
      startBulkReplay(client, db, request, { taskQueue: config.taskQueue, requestedBy }),
    cancelBulkReplay: (id) =>
      cancelBulkReplay(client, db, id, {
        // Settled here only when its workflow is gone, which then cannot announce its end itself.
        announce: (replayId) =>
          announceBulkReplayFinished(
            db,
            (event) => emitOperationalEvent(client, event, { taskQueue: config.taskQueue }),
            replayId
          ),
      }),
  };
}
