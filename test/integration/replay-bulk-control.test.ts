import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_BUNDLE_PATH } from '@hookline/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import {
  type ReplayProgress,
  bulkReplayFinished,
  listExecutions,
  replayProgress,
  startBulkReplay,
} from '../support/bulk-replay';
import { type CreatedHandler, createHandler, emit, outcome, publish } from '../support/scenario';
import { seedExecutions } from '../support/seed';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

describe('bulk replay: what it takes, cancelling, refusing', () => {
  let close: CreatedHandler;
  let version: number;

  test.beforeAll(async ({ stack, receiver }) => {
    await createHandler(stack, {
      name: 'renew',
      event: 'clients.subscriptions.renew',
      target: `${receiver.url}/renew`,
    });
    close = await createHandler(stack, {
      name: 'close',
      event: 'clients.subscriptions.close',
      target: `${receiver.url}/close`,
    });
    version = (await publish(stack)).version;
  });

  test('takes only what had finished when it began: its own replays never feed back into it', async ({
    stack,
    receiver,
  }) => {
    const originals = await Promise.all(
      Array.from({ length: 10 }, (_, i) => emit(stack, { id: `renew-${i}`, type: 'clients.subscriptions.renew' }))
    );
    await Promise.all(originals.map((a) => outcome(stack, a)));
    const first = await startBulkReplay(stack, { filter: { event: 'clients.subscriptions.renew' }, concurrency: 3 });
    expect(await bulkReplayFinished(stack, first.id)).toMatchObject({
      status: 'completed',
      total: 10,
      done: 10,
      failed: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Each event: its original run and one replay, nothing more.
    expect(originals.map((_, i) => receiver.forEvent(`renew-${i}`).length)).toEqual(Array<number>(10).fill(2));

    // Again: each event is now represented by its replay, so it is replayed once more, not twice.
    const second = await startBulkReplay(stack, { filter: { event: 'clients.subscriptions.renew' }, concurrency: 3 });
    expect(await bulkReplayFinished(stack, second.id)).toMatchObject({ status: 'completed', total: 10, done: 10 });
    const replays = (await listExecutions(stack, 'event=clients.subscriptions.renew')).filter((e) => e.replayOf);
    expect(replays.map((r) => r.workflowId.replace(/^event-renew-\d+-/, '')).sort()).toEqual([
      ...Array<string>(10).fill('replay-1'),
      ...Array<string>(10).fill('replay-2'),
    ]);

    const history = await stack.client.workflow.getHandle(second.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }, history, second.workflowId);
    if (process.env['HOOKLINE_RECORD_HISTORIES'] === '1') {
      writeFileSync(join(HISTORIES, 'bulk-replay-renew.json'), historyToJSON(history));
    }
  });

  test('cancels: starts no more replays, lets those under way finish, and says cancelled', async ({
    stack,
    receiver,
  }) => {
    await seedExecutions(
      stack,
      Array.from({ length: 30 }, (_, i) => ({
        eventId: `close-${i}`,
        eventType: 'clients.subscriptions.close',
        status: 'failed' as const,
        handler: { id: close.id, name: close.name, status: 'failed' as const },
        snapshotVersion: version,
      }))
    );
    receiver.setDefault('/close', { status: 200, hangMs: 200 });
    const started = await startBulkReplay(stack, {
      filter: { event: 'clients.subscriptions.close' },
      mode: 'failed',
      concurrency: 2,
    });
    await receiver.until(() => receiver.on('/close').length >= 4);

    const cancelled = await stack.api<ReplayProgress>('POST', `/api/replays/${started.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', total: 30 });
    const calledAtCancel = receiver.on('/close').length;
    // Those under way (at most 2) finish and record themselves; nothing new starts.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(receiver.on('/close').length - calledAtCancel).toBeLessThanOrEqual(2);
    expect(receiver.on('/close').length).toBeLessThan(30);
    expect(await listExecutions(stack, 'event=clients.subscriptions.close&status=running')).toHaveLength(0);

    expect((await replayProgress(stack, started.id)).status).toBe('cancelled');
    const description = await stack.client.workflow.getHandle(started.workflowId).describe();
    expect(description.status.name).toBe('CANCELLED');
    const again = await stack.api('DELETE', `/api/replays/${started.id}`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('refuses what it cannot do with a problem', async ({ stack }) => {
    const cases: [unknown, string][] = [
      [{ filter: {}, concurrency: 51 }, 'concurrency'],
      [{ filter: { q: 'timeout' } }, 'filter.q'],
      [{ filter: { status: 'running' } }, 'filter.status'],
      [{ filter: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, 'filter.to'],
      [{ mode: 'all' }, 'filter'],
    ];
    for (const [body, path] of cases) {
      const response = await stack.api<Problem>('POST', '/api/executions/replay', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.errors?.map((e) => e.path)).toContain(path);
    }
    expect((await stack.api('GET', '/api/replays/nope')).status).toBe(404);
    expect((await stack.api('POST', '/api/replays/nope/cancel')).status).toBe(404);
  });
});
