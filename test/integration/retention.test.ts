import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLogPartitions, listLogPartitions } from '@hookline/db';
import { WORKFLOW_BUNDLE_PATH } from '@hookline/worker';
import { RETENTION_SCHEDULE_ID } from '@hookline/workflows/client';
import type { PurgeExecutionLogsInput, purgeExecutionLogs } from '@hookline/workflows/workflows';
import { WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExecutions } from '../support/seed';
import { type Stack, startStack } from '../support/stack';

const DAY_MS = 86_400_000;
const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');
const handler = { id: 1, name: 'crm', status: 'failed' as const };

describe('execution log retention', () => {
  let stack: Stack;

  /** Event ids of the executions left, and of the executions the attempt rows left belong to. */
  async function remaining(): Promise<{ executions: string[]; logs: string[] }> {
    const rows = await stack.database.db.query.executions.findMany({ columns: { id: true, eventId: true } });
    const logs = await stack.database.db.query.executionLogs.findMany({ columns: { executionId: true } });
    const eventOf = new Map(rows.map((r) => [r.id, r.eventId]));
    return {
      executions: rows.map((r) => r.eventId).sort(),
      logs: logs.map((l) => eventOf.get(l.executionId) ?? `orphan ${l.executionId}`).sort(),
    };
  }

  function purge(args: PurgeExecutionLogsInput) {
    return stack.client.workflow.execute<typeof purgeExecutionLogs>('purgeExecutionLogs', {
      taskQueue: stack.config.taskQueue,
      workflowId: `purge-test-${randomBytes(4).toString('hex')}`,
      args: [args],
    });
  }

  beforeAll(async () => {
    stack = await startStack({ env: { HOOKLINE_LOG_RETENTION_DAYS: '7' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is scheduled daily with the configured retention when the worker starts', async () => {
    const schedule = await stack.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'purgeExecutionLogs',
      taskQueue: stack.config.taskQueue,
      args: [{ retentionDays: 7 }],
    });
    expect(schedule.spec.intervals).toEqual([{ every: DAY_MS, offset: 3 * 3_600_000 }]);
  });

  it('deletes what finished before the retention, with its logs, in batches; keeps the rest', async () => {
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    await seedExecutions(stack, [
      ...Array.from({ length: 250 }, (_, i) => ({
        eventId: `old-${String(i).padStart(3, '0')}`,
        status: 'failed' as const,
        handler,
        startedAt: ago(10),
        finishedAt: ago(10),
      })),
      { eventId: 'old-but-running', status: 'running', handler, startedAt: ago(10), finishedAt: null },
      { eventId: 'finished-lately', status: 'succeeded', handler, startedAt: ago(10), finishedAt: ago(2) },
      { eventId: 'recent', status: 'succeeded', handler, startedAt: ago(1), finishedAt: ago(1) },
    ]);
    expect((await remaining()).executions).toHaveLength(253);

    const result = await purge({ retentionDays: 7, batchSize: 100 });
    expect(result).toMatchObject({ deleted: 250 });
    expect(Date.parse(result.before)).toBeGreaterThan(now - 7 * DAY_MS - 60_000);

    const left = await remaining();
    expect(left.executions).toEqual(['finished-lately', 'old-but-running', 'recent']);
    expect(left.logs).toEqual(['finished-lately', 'old-but-running', 'recent']);

    // Nothing more to do: a second run deletes nothing.
    expect(await purge({ retentionDays: 7 })).toMatchObject({ deleted: 0 });
  });

  it('refuses a retention that would delete everything', async () => {
    const refused = purge({ retentionDays: 0 });
    await expect(refused).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'InvalidRetention' } });
    expect((await remaining()).executions).toHaveLength(3);
  });

  it('drops the days of the log older than the retention whole, keeping the attempts of executions it keeps', async () => {
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    await seedExecutions(stack, [
      { eventId: 'day-old', status: 'failed', handler, startedAt: ago(12), finishedAt: ago(12) },
      { eventId: 'day-old-running', status: 'running', handler, startedAt: ago(12), finishedAt: null },
      { eventId: 'day-old-finished-lately', status: 'succeeded', handler, startedAt: ago(12), finishedAt: ago(1) },
    ]);
    // A fresh database has partitions from today on: the rows above went to the default partition, and creating
    // their day moves them in.
    expect(await ensureLogPartitions(stack.database.db, ago(12), 0)).toBe(1);
    const day = (await listLogPartitions(stack.database.db))[0]!;
    expect(day.day.getTime()).toBe(Math.floor(ago(12).getTime() / DAY_MS) * DAY_MS);

    const result = await purge({ retentionDays: 7 });
    expect(result).toMatchObject({ deleted: 1, droppedPartitions: [day.name] });
    const names = (await listLogPartitions(stack.database.db)).map((p) => p.name);
    expect(names).not.toContain(day.name);
    // The seventh day after today is there, made ahead.
    const ahead = new Date(Math.floor(now / DAY_MS) * DAY_MS + 7 * DAY_MS).toISOString().slice(0, 10);
    expect(names).toContain(`execution_logs_p${ahead.replaceAll('-', '')}`);
    const left = await remaining();
    expect(left.executions).toEqual([
      'day-old-finished-lately',
      'day-old-running',
      'finished-lately',
      'old-but-running',
      'recent',
    ]);
    expect(left.logs).toEqual(left.executions);
  });

  it('replays deterministically', async () => {
    const workflowId = `purge-recorded-${randomBytes(4).toString('hex')}`;
    await stack.client.workflow.execute('purgeExecutionLogs', {
      taskQueue: stack.config.taskQueue,
      workflowId,
      args: [{ retentionDays: 1, batchSize: 1 }],
    });
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }, history, workflowId);
    if (process.env['HOOKLINE_RECORD_HISTORIES'] === '1') {
      writeFileSync(join(HISTORIES, 'purge-execution-logs.json'), historyToJSON(history));
    }
  });
});
