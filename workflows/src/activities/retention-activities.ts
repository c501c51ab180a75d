import { type Db, deleteFinishedExecutions } from '@hookline/db';

export interface PurgeBatchInput {
  /** ISO 8601: executions that finished before this instant go. */
  before: string;
  limit: number;
}

export function createRetentionActivities({ db }: { db: Db }) {
  return {
    /** One bounded batch, so that no statement holds locks on a large part of the log for long. */
    async purgeExecutionsBatch({ before, limit }: PurgeBatchInput): Promise<{ deleted: number }> {
      return { deleted: await deleteFinishedExecutions(db, new Date(before), limit) };
    },
  };
}
