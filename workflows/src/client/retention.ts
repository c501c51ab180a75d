import type { Client } from '@temporalio/client';
import type { PurgeExecutionLogsInput } from '../workflows';
import { ensureSchedule } from './ensure-schedule';

export const RETENTION_SCHEDULE_ID = 'hookline-log-retention';
export const PURGE_WORKFLOW = 'purgeExecutionLogs';

/** Daily at 03:00 UTC, when provisioning traffic is usually lowest. */
export const RETENTION_SPEC = { intervals: [{ every: '1 day', offset: '3 hours' }] };

/**
 * Creates (or updates) the daily `hookline-log-retention` schedule that runs `purgeExecutionLogs`
 * with the configured retention; called at every worker start, next to the handler-cache schedule.
 */
export async function ensureRetentionSchedule(
  client: Client,
  options: { taskQueue: string; retentionDays: number }
): Promise<void> {
  const args: [PurgeExecutionLogsInput] = [{ retentionDays: options.retentionDays }];
  await ensureSchedule(client, RETENTION_SCHEDULE_ID, RETENTION_SPEC, {
    type: 'startWorkflow',
    workflowType: PURGE_WORKFLOW,
    taskQueue: options.taskQueue,
    workflowId: RETENTION_SCHEDULE_ID,
    args,
  });
}
