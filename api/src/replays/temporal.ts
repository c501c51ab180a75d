import type { Db } from '@hookline/db';
import { cancelBulkReplay, replayExecution, startBulkReplay } from '@hookline/services';
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
    cancelBulkReplay: (id) => cancelBulkReplay(client, db, id),
  };
}
