import { randomUUID } from 'node:crypto';
import type { ProcessEventInput, ProcessEventResult } from '@hookline/workflows/workflows';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { Receiver } from '../support/receiver';
import { createHandler, emit, outcome, publish } from '../support/scenario';

describe('handlers run one after another by priority', () => {
  const secrets: Record<string, string> = {};

  test.beforeAll(async ({ stack, receiver }) => {
    for (const [path, priority] of [
      ['/third', 3],
      ['/first', 1],
      ['/second', 2],
    ] as const) {
      const handler = await createHandler(stack, {
        name: path.slice(1),
        target: `${receiver.url}${path}`,
        priority,
        secret: 'generate',
      });
      expect(handler.secret).toMatch(/^whsec_/);
      secrets[path] = handler.secret!;
    }
    await createHandler(stack, {
      name: 'disabled',
      target: `${receiver.url}/disabled`,
      priority: 1,
      status: 'disabled',
    });
    await createHandler(stack, {
      name: 'archived',
      target: `${receiver.url}/archived`,
      priority: 1,
      status: 'archived',
    });
    await publish(stack);
  });

  test('delivers 1 → 2 → 3 for each of 20 events, never the disabled or archived handler', async ({
    stack,
    receiver,
  }) => {
    const accepted = await Promise.all(
      Array.from({ length: 20 }, (_, i) => emit(stack, { id: `order-${i}`, type: 'clients.create', objectId: i }))
    );
    const results = await Promise.all(accepted.map((a) => outcome(stack, a)));
    expect(results.every((r) => r.status === 'succeeded' && r.counts.succeeded === 3)).toBe(true);

    for (let i = 0; i < 20; i++) {
      const paths = receiver.forEvent(`order-${i}`).map((r) => r.path);
      expect(paths).toEqual(['/first', '/second', '/third']);
    }
    expect(receiver.on('/disabled')).toHaveLength(0);
    expect(receiver.on('/archived')).toHaveLength(0);
  });

  test('signs every delivery so that the official Standard Webhooks library verifies it', async ({ receiver }) => {
    const delivered = receiver.requests.filter((r) => secrets[r.path]);
    expect(delivered.length).toBeGreaterThanOrEqual(60);
    for (const request of delivered) expect(Receiver.verify(request, secrets[request.path]!)).toBe(true);
    // A wrong secret must not verify: the check above can fail.
    expect(Receiver.verify(delivered[0]!, secrets['/second']!)).toBe(delivered[0]!.path === '/second');
  });

  test('sends the classic envelope with the event id and attempt', async ({ receiver }) => {
    const [request] = receiver.forEvent('order-7');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toMatch(/^hookline\//);
    expect(request!.json).toEqual({
      event: {
        id: 'order-7',
        events_id: 'clients.create',
        object_id: '7',
        dt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
        attempt: 1,
      },
      data: {},
    });
  });

  test('answers a repeated event id with the first execution and runs nothing again', async ({ stack, receiver }) => {
    const first = await emit(stack, { id: 'twice', type: 'clients.create' });
    await outcome(stack, first);
    const second = await emit(stack, { id: 'twice', type: 'clients.create' });
    expect(second.duplicate).toBe(true);
    expect(second.executionId).toBe(first.executionId);
    expect(first.duplicate).toBe(false);
    expect(receiver.forEvent('twice')).toHaveLength(3);
    const listed = await stack.api<{ items: { eventId: string }[] }>('GET', '/api/executions?limit=200');
    expect(listed.body.items.filter((e) => e.eventId === 'twice')).toHaveLength(1);
  });

  test('runs nothing when the event was already recorded by another execution, even with its workflow gone', async ({
    stack,
    receiver,
  }) => {
    const first = await emit(stack, { id: 'recorded-once', type: 'clients.create' });
    await outcome(stack, first);
    // A second workflow for the same event, as if the first had been deleted from Temporal since.
    const event = {
      id: 'recorded-once',
      type: 'clients.create',
      objectId: '1',
      occurredAt: new Date().toISOString(),
      data: {},
    };
    const result = await stack.client.workflow.execute<(input: ProcessEventInput) => Promise<ProcessEventResult>>(
      'processEvent',
      {
        taskQueue: stack.config.taskQueue,
        workflowId: 'event-recorded-once-again',
        args: [{ event, executionId: randomUUID() }],
      }
    );
    expect(result).toMatchObject({ executionId: first.executionId, status: 'duplicate', snapshotVersion: null });
    expect(receiver.forEvent('recorded-once')).toHaveLength(3);
  });
});
