import {
  deleteFinishedExecutions,
  dropExpiredLogPartitions,
  ensureLogPartitions,
  listLogPartitions,
} from '@hookline/db';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { seedExecutions } from '../support/seed';
import { createHandler, emit, execution, outcome, publish } from '../support/scenario';

test.override('stackOptions', { database: 'pglite' });

describe('the embedded PGlite database', () => {
  test.beforeAll(async ({ stack, receiver }) => {
    expect(stack.database.kind).toBe('pglite');
    await createHandler(stack, { name: 'c', target: `${receiver.url}/c`, priority: 3 });
    await createHandler(stack, { name: 'a', target: `${receiver.url}/a`, priority: 1 });
    await createHandler(stack, { name: 'b', target: `${receiver.url}/b`, priority: 2 });
    await publish(stack);
  });

  test('runs handlers by priority and retries, as on PostgreSQL', async ({ stack, receiver }) => {
    receiver.script('/b', { status: 503 }, { status: 200 });
    const accepted = await emit(stack, { id: 'lite-1', type: 'clients.create' });
    const result = await outcome(stack, accepted);
    expect(result.status).toBe('succeeded');
    expect(receiver.forEvent('lite-1').map((r) => r.path)).toEqual(['/a', '/b', '/b', '/c']);
    const view = await execution(stack, accepted.executionId);
    expect(view.handlers.map((h) => [h.name, h.attempts.map((a) => a.status)])).toEqual([
      ['a', ['succeeded']],
      ['b', ['failed', 'succeeded']],
      ['c', ['succeeded']],
    ]);
  });

  test('partitions the execution log by day, and retention drops old days whole', async ({ stack }) => {
    const DAY_MS = 86_400_000;
    const { db } = stack.database;
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
    // Made at start: today and the seven days after it.
    expect((await listLogPartitions(db)).length).toBeGreaterThanOrEqual(8);
    const handler = { id: 77, name: 'old', status: 'failed' as const };
    await seedExecutions(stack, [
      { eventId: 'lite-old', status: 'failed', handler, startedAt: ago(20), finishedAt: ago(20) },
      { eventId: 'lite-old-running', status: 'running', handler, startedAt: ago(20), finishedAt: null },
    ]);
    expect(await ensureLogPartitions(db, ago(20), 0)).toBe(1);
    const before = ago(7);
    const dropped = await dropExpiredLogPartitions(db, before);
    expect(dropped).toHaveLength(1);
    expect(await deleteFinishedExecutions(db, before, 100)).toBe(1);
    const rows = (await db.query.executionLogs.findMany()).filter((l) => l.handlerId === 77);
    const running = (await db.query.executions.findMany()).find((e) => e.eventId === 'lite-old-running');
    expect(rows.map((r) => r.executionId)).toEqual([running?.id]);
  });
});
