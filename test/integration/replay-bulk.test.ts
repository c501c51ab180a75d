import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkReplayFinished, listExecutions, replayProgress, startBulkReplay } from '../support/bulk-replay';
import { Receiver } from '../support/receiver';
import { type CreatedHandler, createHandler, publish } from '../support/scenario';
import { seedExecutions } from '../support/seed';
import { type Stack, startStack } from '../support/stack';

describe('bulk replay of 200 failed executions', () => {
  let stack: Stack;
  let receiver: Receiver;
  let handler: CreatedHandler;
  let version: number;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack();
    handler = await createHandler(stack, { name: 'bulk', event: 'clients.update', target: `${receiver.url}/bulk` });
    version = (await publish(stack)).version;
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('replays them at most 5 at a time, through a worker restart, each exactly once', async () => {
    // 200 executions in which the handler failed, as processEvent leaves them.
    const originals = await seedExecutions(
      stack,
      Array.from({ length: 200 }, (_, i) => ({
        eventId: `bulk-${i}`,
        eventType: 'clients.update',
        status: 'failed' as const,
        handler: { id: handler.id, name: handler.name, status: 'failed' as const },
        snapshotVersion: version,
      }))
    );
    expect(await listExecutions(stack, 'status=failed&event=clients.update')).toHaveLength(200);

    // The receiver has recovered, and holds every request a little, as a real one would.
    receiver.setDefault('/bulk', { status: 200, hangMs: 60 });
    const started = await startBulkReplay(stack, {
      filter: { status: 'failed', event: 'clients.update' },
      mode: 'failed',
      handlers: 'original',
      concurrency: 5,
    });
    expect(started.workflowId).toBe(`bulk-replay-${started.id}`);

    // A deploy in the middle: the worker drains and stops, a new one takes over.
    await receiver.until(() => receiver.on('/bulk').length >= 60);
    const beforeRestart = await replayProgress(stack, started.id);
    await stack.restartWorker({ downMs: 300 });
    const calledAtRestart = receiver.on('/bulk').length;

    const result = await bulkReplayFinished(stack, started.id);
    expect(result).toMatchObject({ status: 'completed', total: 200, done: 200, failed: 0, skipped: 0 });
    expect(beforeRestart).toMatchObject({ status: 'running', total: 200 });
    expect(calledAtRestart).toBeLessThan(200);

    // Never more than 5 at the receiver at once, and the concurrency was used.
    expect(receiver.peakInFlight('/bulk')).toBeLessThanOrEqual(5);
    expect(receiver.peakInFlight('/bulk')).toBeGreaterThanOrEqual(2);
    // Each event replayed exactly once, the restart notwithstanding.
    const perEvent = new Map<string, number>();
    for (const r of receiver.on('/bulk')) perEvent.set(r.json.event.id, (perEvent.get(r.json.event.id) ?? 0) + 1);
    expect(perEvent.size).toBe(200);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);

    const replays = (await listExecutions(stack, 'event=clients.update&status=succeeded')).filter((e) => e.replayOf);
    expect(replays).toHaveLength(200);
    expect(new Set(replays.map((r) => r.replayOf))).toEqual(new Set(originals));
    expect(replays.every((r) => r.workflowId === `event-${r.eventId}-replay-1`)).toBe(true);

    // One page per run: each run's history stays small.
    let runs = 0;
    for await (const _ of stack.client.workflow.list({ query: `WorkflowId = '${started.workflowId}'` })) runs++;
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
