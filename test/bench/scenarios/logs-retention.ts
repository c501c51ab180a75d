import { performance } from 'node:perf_hooks';
import type { PurgeExecutionLogsResult } from '@hookline/workflows/workflows';
import type { BenchContext } from '../lib/context';
import { type Summary, summarize } from '../lib/stats';

export interface RetentionRun {
  retentionDays: number;
  /** The whole purgeExecutionLogs run, as its caller waits for it. */
  seconds: number;
  /** Of which the partition maintenance activity (create ahead, drop old days). */
  partitionSeconds: number;
  result: PurgeExecutionLogsResult;
  insertsBefore: Summary;
  insertsDuring: Summary;
}

// Attempt rows written by the writers, one at a time each, as workers do: enough to see a stall, not to load the
// machine (a pause between inserts).
const WRITERS = 2;
const WRITER_PAUSE_MS = 5;

/**
 * Times the daily retention on the seeded log while writers insert attempt rows as the worker does (the same
 * statement as `recordAttempt`), and compares the inserts' latency during the run with a quiet period before it.
 */
export async function timeRetention(
  ctx: BenchContext,
  retentionDays: number,
  quietSeconds: number
): Promise<RetentionRun> {
  const executionId = `bench-writer-${Date.now()}`;
  await ctx.sql`
    insert into executions (id, event_id, event_type, object_id, payload, status, workflow_id)
    values (${executionId}, ${executionId}, 'bench.write', '0', '{}'::jsonb, 'running', ${executionId})`;
  let attempt = 0;
  let phase: number[] = [];
  let stop = false;
  const writer = async () => {
    while (!stop) {
      const n = ++attempt;
      const s = performance.now();
      await ctx.sql`
        insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, started_at,
                                    duration_ms)
        select ${executionId}, 1, 'bench writer', 1, ${n}, 'succeeded', now(), 1
        where not exists (select 1 from execution_logs where execution_id = ${executionId} and handler_id = 1
                          and attempt = ${n})
        on conflict do nothing`;
      phase.push(performance.now() - s);
      await new Promise((resolve) => setTimeout(resolve, WRITER_PAUSE_MS));
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  await new Promise((resolve) => setTimeout(resolve, quietSeconds * 1000));
  const insertsBefore = summarize(phase);
  phase = [];
  const workflowId = `bench-retention-${Date.now()}`;
  const t0 = performance.now();
  let result: PurgeExecutionLogsResult;
  try {
    result = await ctx.client.workflow.execute('purgeExecutionLogs', {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [{ retentionDays }],
    });
  } finally {
    stop = true;
    await Promise.all(writers);
  }
  const seconds = (performance.now() - t0) / 1000;
  const insertsDuring = summarize(phase);
  return {
    retentionDays,
    seconds,
    partitionSeconds: await activitySeconds(ctx, workflowId, 'maintainLogPartitions'),
    result,
    insertsBefore,
    insertsDuring,
  };
}

/** From scheduled to completed, in the workflow's history (the retention runs it once). */
async function activitySeconds(ctx: BenchContext, workflowId: string, activity: string): Promise<number> {
  const events = (await ctx.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity);
  if (!scheduled?.eventId) return Number.NaN;
  const completed = events.find(
    (e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled.eventId)
  );
  const millis = (e: typeof scheduled | undefined) =>
    e?.eventTime ? Number(e.eventTime.seconds ?? 0) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) : Number.NaN;
  return (millis(completed) - millis(scheduled)) / 1000;
}
