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
  /** Execution-log day partitions dropped whole, oldest first (by the first run; one continued as new drops none). */
  droppedPartitions: string[];
}

const DAY_MS = 86_400_000;
export const DEFAULT_PURGE_BATCH = 1000;

const { purgeExecutionsBatch, maintainLogPartitions } = proxyActivities<HooklineActivities>(tableScan);

/**
 * Run daily by the `hookline-log-retention` schedule. First the execution log's maintenance: the day partitions
 * for the coming week are created, and the days older than the retention dropped whole. Then the executions that
 * finished more than `retentionDays` ago are deleted (with what is left of their attempt rows) in bounded batches
 * until none is left. Partitions go first so that the batches do not delete row by row what a drop removes at once.
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
  // Once per purge: a run continued as new has done it already.
  const droppedPartitions = input.before === undefined ? (await maintainLogPartitions({ before })).dropped : [];
  for (;;) {
    const batch = await purgeExecutionsBatch({ before, limit: batchSize });
    deleted += batch.deleted;
    if (batch.deleted < batchSize) return { before, deleted, droppedPartitions };
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof purgeExecutionLogs>({ retentionDays, batchSize, before, deletedBefore: deleted });
    }
  }
}
