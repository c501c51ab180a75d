import { ApplicationFailure, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HooklineActivities } from '../activities';
import { INVALID_RETENTION } from '@hookline/domain/failures';
import { tableScan } from './activity-options';

export interface PurgeExecutionLogsInput {
  /** HOOKLINE_LOG_RETENTION_DAYS, as the schedule was configured at the last worker start. */
  retentionDays: number;
  /** Executions deleted per activity call. */
  batchSize?: number;
  /** Carried across continue-as-new so that one purge has one cut-off. */
  before?: string;
  deletedBefore?: number;
}

export interface PurgeExecutionLogsResult {
  before: string;
  deleted: number;
}

const DAY_MS = 86_400_000;
export const DEFAULT_PURGE_BATCH = 1000;

const { purgeExecutionsBatch } = proxyActivities<HooklineActivities>(tableScan);

/**
 * Run daily by the `hookline-log-retention` schedule: deletes the executions (and with them their
 * attempt rows) that finished more than `retentionDays` ago, in bounded batches until none is left.
 */
export async function purgeExecutionLogs(input: PurgeExecutionLogsInput): Promise<PurgeExecutionLogsResult> {
  const { retentionDays, batchSize = DEFAULT_PURGE_BATCH } = input;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
    // A retention of zero or less would delete everything that has finished: refuse, do not guess.
    throw ApplicationFailure.create({
      type: INVALID_RETENTION,
      nonRetryable: true,
      message: `retentionDays and batchSize must be positive integers, got ${retentionDays} and ${batchSize}`,
    });
  }
  // Workflow time is deterministic: Date.now() is the time of the current workflow task.
  const before = input.before ?? new Date(Date.now() - retentionDays * DAY_MS).toISOString();
  let deleted = input.deletedBefore ?? 0;
  for (;;) {
    const batch = await purgeExecutionsBatch({ before, limit: batchSize });
    deleted += batch.deleted;
    if (batch.deleted < batchSize) return { before, deleted };
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof purgeExecutionLogs>({ retentionDays, batchSize, before, deletedBefore: deleted });
    }
  }
}
