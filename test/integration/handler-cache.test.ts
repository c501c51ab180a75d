import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, outcome, publish } from '../support/scenario';

describe('the handler cache', () => {
  test('keeps an edit inactive until it is published, then uses it for the next event within 1 s', async ({
    stack,
    receiver,
  }) => {
    const handler = await createHandler(stack, {
      name: 'v1',
      event: 'clients.update',
      target: `${receiver.url}/before`,
    });
    const first = await publish(stack);
    expect(first.changed).toBe(true);

    const patched = await stack.api('PATCH', `/api/handlers/${handler.id}`, {
      version: handler.version,
      target: `${receiver.url}/after`,
    });
    expect(patched.status).toBe(200);
    const cache = await stack.api<{ pendingChanges: boolean; version: number }>('GET', '/api/cache');
    expect(cache.body).toMatchObject({ pendingChanges: true, version: first.version });

    const unpublished = await emit(stack, { type: 'clients.update' });
    expect((await outcome(stack, unpublished)).snapshotVersion).toBe(first.version);
    expect(receiver.on('/before')).toHaveLength(1);
    expect(receiver.on('/after')).toHaveLength(0);

    const second = await publish(stack);
    const publishedAt = Date.now();
    expect(second).toMatchObject({ changed: true, version: first.version + 1 });

    // Events right after the publish: the first to use the new version must come within 1 s.
    let activeAfterMs: number | null = null;
    while (activeAfterMs === null && Date.now() - publishedAt < 5_000) {
      const accepted = await emit(stack, { type: 'clients.update' });
      const result = await outcome(stack, accepted);
      if (result.snapshotVersion === second.version) activeAfterMs = Date.now() - publishedAt;
    }
    expect(activeAfterMs).not.toBeNull();
    expect(activeAfterMs!).toBeLessThanOrEqual(1_000);
    expect(receiver.on('/after').length).toBeGreaterThanOrEqual(1);
    expect((await stack.api('GET', '/api/cache')).body).toMatchObject({
      pendingChanges: false,
      version: second.version,
    });
  });

  test('lets an execution that is already running finish with the snapshot it started with', async ({
    stack,
    receiver,
  }) => {
    const slow = await createHandler(stack, {
      name: 'slow',
      event: 'clients.archive',
      target: `${receiver.url}/hold`,
      priority: 1,
    });
    const next = await createHandler(stack, {
      name: 'next',
      event: 'clients.archive',
      target: `${receiver.url}/next`,
      priority: 2,
    });
    const before = await publish(stack);

    receiver.script('/hold', { status: 200, hangMs: 1_500 });
    const running = await emit(stack, { id: 'held', type: 'clients.archive' });
    await receiver.until(() => receiver.forEvent('held').length === 1);

    // While it waits on the first handler, `next` is disabled and the change published.
    const disabled = await stack.api('PATCH', `/api/handlers/${next.id}`, {
      version: next.version,
      status: 'disabled',
    });
    expect(disabled.status).toBe(200);
    const after = await publish(stack);
    expect(after.version).toBeGreaterThan(before.version);

    const result = await outcome(stack, running);
    expect(result.snapshotVersion).toBe(before.version);
    expect(receiver.forEvent('held').map((r) => r.path)).toEqual(['/hold', '/next']);

    const later = await emit(stack, { id: 'later', type: 'clients.archive' });
    expect((await outcome(stack, later)).snapshotVersion).toBe(after.version);
    expect(receiver.forEvent('later').map((r) => r.path)).toEqual(['/hold']);
    expect(slow.id).toBeLessThan(next.id);
  });

  test('plans 50 events without querying the handler snapshot table', async ({ stack, receiver }) => {
    await createHandler(stack, {
      name: 'steady',
      event: 'clients.subscriptions.renew',
      target: `${receiver.url}/steady`,
    });
    await publish(stack);
    stack.queries.length = 0;
    stack.recordQueries = true;
    const accepted = await Promise.all(
      Array.from({ length: 50 }, (_, i) => emit(stack, { id: `steady-${i}`, type: 'clients.subscriptions.renew' }))
    );
    const results = await Promise.all(accepted.map((a) => outcome(stack, a)));
    stack.recordQueries = false;

    expect(results.every((r) => r.status === 'succeeded' && r.counts.succeeded === 1)).toBe(true);
    // The counter itself works: the same window saw the execution writes of all 50 events.
    expect(stack.queries.filter((q) => /insert into "execution_logs"/i.test(q)).length).toBeGreaterThanOrEqual(50);
    expect(stack.queries.filter((q) => /handler_snapshots/i.test(q))).toEqual([]);
  });
});
