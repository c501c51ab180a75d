import { orderedEventsQueued } from '@hookline/db';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import type { ReceivedRequest } from '../support/receiver';
import { type Accepted, createHandler, emit, outcome, publish } from '../support/scenario';

const KEYS = 50;
const EVENTS_PER_KEY = 10;

/** A small deterministic generator, so that a failing run can be told apart from the next by its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ExecutionOrdering {
  ordering: { key: string; sequenced: boolean } | null;
  replayOf: string | null;
  status: string;
}

interface Problem {
  errors: { path: string }[];
}

/** The event index (`<prefix>-<key>-<i>` → i) of a delivery. */
function indexOf(request: ReceivedRequest): number {
  return Number(request.json.event.id.split('-').pop());
}

describe('per-object ordering', () => {
  const seed = Date.now() % 100_000;
  const random = mulberry32(seed);

  test.beforeAll(async ({ stack, receiver }) => {
    for (const [path, priority] of [
      ['/first', 1],
      ['/second', 2],
    ] as const) {
      await createHandler(stack, {
        name: path.slice(1),
        event: 'clients.update',
        target: `${receiver.url}${path}`,
        priority,
      });
    }
    await createHandler(stack, { name: 'unordered', event: 'clients.create', target: `${receiver.url}/unordered` });
    await publish(stack);
  });

  test('a designer turns ordering on for a type: the catalogue shows it, the audit records it', async ({ stack }) => {
    const before = await stack.api<{ items: { type: string; ordering: string; family: string }[] }>(
      'GET',
      '/api/catalog/events'
    );
    expect(before.body.items.find((e) => e.type === 'clients.update')).toMatchObject({
      ordering: 'none',
      family: 'clients',
    });
    expect(before.body.items.find((e) => e.type === 'clients.accounts.create')).toMatchObject({
      family: 'clients.accounts',
    });

    const changed = await stack.api('PATCH', '/api/catalog/events/clients.update', { ordering: 'object' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ type: 'clients.update', ordering: 'object', builtIn: true });

    const after = await stack.api<{ items: { type: string; ordering: string }[] }>('GET', '/api/catalog/events');
    expect(after.body.items.find((e) => e.type === 'clients.update')?.ordering).toBe('object');
    expect(after.body.items.find((e) => e.type === 'clients.create')?.ordering).toBe('none');

    const audit = await stack.api<{
      items: { action: string; before: { ordering: string }; after: { ordering: string } }[];
    }>('GET', '/api/audit');
    const entry = audit.body.items.find((e) => e.action === 'event_type.update');
    expect(entry).toMatchObject({ before: { ordering: 'none' }, after: { ordering: 'object' } });
  });

  test('a built-in type takes only its ordering; bad values are refused as problems', async ({ stack }) => {
    const label = await stack.api('PATCH', '/api/catalog/events/clients.update', { label: 'Renamed' });
    expect(label.status).toBe(400);
    expect(label.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(label.body)).toMatch(/only its ordering/);
    const bad = await stack.api<Problem>('PATCH', '/api/catalog/events/clients.update', { ordering: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toContain('ordering');
    const badKey = await stack.api<Problem>('POST', '/api/events', {
      type: 'clients.update',
      objectId: 1,
      orderingKey: 'a\u0001b',
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors.map((e) => e.path)).toContain('orderingKey');
    // Nothing was started for the refused event, and the type kept its ordering.
    const catalog = await stack.api<{ items: { type: string; ordering: string }[] }>('GET', '/api/catalog/events');
    expect(catalog.body.items.find((e) => e.type === 'clients.update')?.ordering).toBe('object');
  });

  test(`${KEYS} keys × ${EVENTS_PER_KEY} events: each key's handlers see its events in the accepted order`, async ({
    stack,
    receiver,
  }) => {
    // Every first call of a handler waits up to 40 ms, and a third of them fail (503), to be retried 100 ms later:
    // without the sequence, a retried event would be overtaken by the next one of its key.
    const firstCallsSeen = new Set<string>();
    receiver.respondWith((request) => {
      if (!request.json.event.id.startsWith('ord-')) return undefined;
      const call = `${request.json.event.id} ${request.path}`;
      if (firstCallsSeen.has(call)) return { status: 200 };
      firstCallsSeen.add(call);
      return { status: random() < 1 / 3 ? 503 : 200, hangMs: Math.floor(random() * 40) };
    });

    const accepted: Accepted[] = [];
    // Round by round: every key's event i is accepted (202) before its event i + 1 is posted.
    for (let i = 0; i < EVENTS_PER_KEY; i++) {
      accepted.push(
        ...(await Promise.all(
          Array.from({ length: KEYS }, (_, k) =>
            emit(stack, { id: `ord-${k}-${i}`, type: 'clients.update', objectId: `ordering-${k}` })
          )
        ))
      );
    }
    const postedAt = Date.now();
    const results = await Promise.all(accepted.map((a) => outcome(stack, a)));
    console.log(`[ordering] ${accepted.length} events ended ${Date.now() - postedAt} ms after the last was accepted`);
    receiver.respondWith(null);
    expect(
      results.filter((r) => r.status !== 'succeeded'),
      `seed ${seed}`
    ).toEqual([]);

    const retried = receiver.requests.filter((r) => r.json.event.id.startsWith('ord-') && r.json.event.attempt > 1);
    expect(retried.length, 'some first calls failed and were retried').toBeGreaterThan(0);
    for (let k = 0; k < KEYS; k++) {
      const ofKey = receiver.requests.filter((r) => r.json.event.id.startsWith(`ord-${k}-`));
      for (const path of ['/first', '/second']) {
        const calls = ofKey.filter((r) => r.path === path);
        const firstCalls = calls.filter((r) => r.json.event.attempt === 1).map(indexOf);
        expect(firstCalls, `key ${k} ${path}, seed ${seed}`).toEqual([...Array(EVENTS_PER_KEY).keys()]);
      }
      // Stronger: every call of an event (both handlers, every retry) comes before any call of the next one.
      const indices = ofKey.map(indexOf);
      expect(
        indices.every((n, at) => at === 0 || n >= indices[at - 1]!),
        `key ${k} interleaved: ${indices.join(',')}, seed ${seed}`
      ).toBe(true);
    }
    // Different keys ran side by side.
    expect(receiver.peakInFlight('/first')).toBeGreaterThan(1);

    const detail = await stack.api<ExecutionOrdering>('GET', `/api/executions/${accepted[0]!.executionId}`);
    expect(detail.body.ordering).toEqual({ key: 'clients:ordering-0', sequenced: true });
  }, 300_000);

  test('a repeated post of an ordered event answers duplicate and queues nothing', async ({ stack, receiver }) => {
    const first = await emit(stack, { id: 'ordering-dup-1', type: 'clients.update', objectId: 'ordering-dup' });
    await outcome(stack, first);
    const again = await emit(stack, { id: 'ordering-dup-1', type: 'clients.update', objectId: 'ordering-dup' });
    expect(again).toEqual({ ...first, duplicate: true });
    // A later event of the key still runs, once: nothing stale holds the key.
    const next = await emit(stack, { id: 'ordering-dup-2', type: 'clients.update', objectId: 'ordering-dup' });
    expect((await outcome(stack, next)).status).toBe('succeeded');
    expect(receiver.forEvent('ordering-dup-1').filter((r) => r.path === '/first')).toHaveLength(1);
    // The place the repeated post took in the queue was given back.
    expect(await orderedEventsQueued(stack.database.db)).toBe(0);
  });

  test('events of one key posted at the same moment still run one at a time', async ({ stack, receiver }) => {
    receiver.respondWith((request) =>
      request.json.event.id.startsWith('ordering-burst-') ? { status: 200, hangMs: 100 } : undefined
    );
    const accepted = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        emit(stack, { id: `ordering-burst-${i}`, type: 'clients.update', objectId: 'ordering-burst' })
      )
    );
    await Promise.all(accepted.map((a) => outcome(stack, a)));
    receiver.respondWith(null);
    // Each event's span: from its first call to the answer of its last (100 ms after it). No two may overlap.
    const spans = Array.from({ length: 10 }, (_, i) => {
      const at = receiver.forEvent(`ordering-burst-${i}`).map((r) => r.at);
      return { i, from: Math.min(...at), to: Math.max(...at) + 100 };
    }).sort((a, b) => a.from - b.from);
    const overlaps = spans.filter((span, n) => n > 0 && span.from < spans[n - 1]!.to);
    expect(overlaps, JSON.stringify(spans)).toEqual([]);
  });

  test('an event that fails releases the next one of its key', async ({ stack, receiver }) => {
    receiver.respondWith((request) => (request.json.event.id === 'ordering-fail-0' ? { status: 400 } : undefined));
    const failing = await emit(stack, { id: 'ordering-fail-0', type: 'clients.update', objectId: 'ordering-f' });
    const next = await emit(stack, { id: 'ordering-fail-1', type: 'clients.update', objectId: 'ordering-f' });
    expect((await outcome(stack, failing)).status).toBe('failed');
    expect((await outcome(stack, next)).status).toBe('succeeded');
    receiver.respondWith(null);
    const failedAt = receiver.forEvent('ordering-fail-0').map((r) => r.at);
    const nextAt = receiver.forEvent('ordering-fail-1').map((r) => r.at);
    expect(Math.min(...nextAt)).toBeGreaterThanOrEqual(Math.max(...failedAt));
  });

  test('an explicit orderingKey puts events of different objects in one sequence', async ({ stack, receiver }) => {
    receiver.respondWith((request) =>
      request.json.event.id === 'ordering-acct-0' && request.path === '/first'
        ? { status: 200, hangMs: 400 }
        : undefined
    );
    const a = await emit(stack, {
      id: 'ordering-acct-0',
      type: 'clients.update',
      objectId: 1,
      orderingKey: 'ordering-reseller:7',
    });
    const b = await emit(stack, {
      id: 'ordering-acct-1',
      type: 'clients.update',
      objectId: 2,
      orderingKey: 'ordering-reseller:7',
    });
    await Promise.all([outcome(stack, a), outcome(stack, b)]);
    receiver.respondWith(null);
    const lastOfA = Math.max(...receiver.forEvent('ordering-acct-0').map((r) => r.at));
    expect(Math.min(...receiver.forEvent('ordering-acct-1').map((r) => r.at))).toBeGreaterThanOrEqual(lastOfA);
    const detail = await stack.api<ExecutionOrdering>('GET', `/api/executions/${b.executionId}`);
    expect(detail.body.ordering).toEqual({ key: 'ordering-reseller:7', sequenced: true });
  });

  test("an operator's replay runs at once, outside its key's sequence, and says so", async ({ stack, receiver }) => {
    const earlier = await emit(stack, { id: 'ordering-blk-0', type: 'clients.update', objectId: 'ordering-blk' });
    await outcome(stack, earlier);
    // The next event of the key holds it for a while.
    receiver.respondWith((request) =>
      request.json.event.id === 'ordering-blk-1' && request.path === '/first'
        ? { status: 200, hangMs: 1_500 }
        : undefined
    );
    const holding = await emit(stack, { id: 'ordering-blk-1', type: 'clients.update', objectId: 'ordering-blk' });
    await receiver.until(() => receiver.forEvent('ordering-blk-1').length > 0);
    const replay = await stack.api<{ executionId: string; workflowId: string }>(
      'POST',
      `/api/executions/${earlier.executionId}/replay`,
      { mode: 'all' }
    );
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    await stack.client.workflow.getHandle(replay.body.workflowId).result();
    const replayedAt = Math.max(...receiver.forEvent('ordering-blk-0').map((r) => r.at));
    await outcome(stack, holding);
    receiver.respondWith(null);
    // The replay was delivered while the key's running event still held it.
    const holderEnded = Math.max(...receiver.forEvent('ordering-blk-1').map((r) => r.at)) + 1_500;
    expect(replayedAt).toBeLessThan(holderEnded);
    const detail = await stack.api<ExecutionOrdering>('GET', `/api/executions/${replay.body.executionId}`);
    expect(detail.body).toMatchObject({
      replayOf: earlier.executionId,
      ordering: { key: 'clients:ordering-blk', sequenced: false },
    });
  });

  test('a custom type names its family and orders by it', async ({ stack, receiver }) => {
    const registered = await stack.api('POST', '/api/catalog/events', {
      type: 'billing.invoice.paid',
      label: 'Invoice paid',
      family: 'billing.invoices',
      ordering: 'object',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body).toMatchObject({ family: 'billing.invoices', ordering: 'object', builtIn: false });
    await createHandler(stack, { name: 'invoices', event: 'billing.invoice.paid', target: `${receiver.url}/invoices` });
    await publish(stack);
    const paid = await emit(stack, { id: 'ordering-inv-1', type: 'billing.invoice.paid', objectId: 'ordering-INV-9' });
    expect((await outcome(stack, paid)).status).toBe('succeeded');
    const detail = await stack.api<ExecutionOrdering>('GET', `/api/executions/${paid.executionId}`);
    expect(detail.body.ordering).toEqual({ key: 'billing.invoices:ordering-INV-9', sequenced: true });

    const off = await stack.api('PATCH', '/api/catalog/events/billing.invoice.paid', { ordering: 'none' });
    expect(off.body).toMatchObject({ ordering: 'none', family: 'billing.invoices' });
    const unordered = await emit(stack, {
      id: 'ordering-inv-2',
      type: 'billing.invoice.paid',
      objectId: 'ordering-INV-9',
    });
    await outcome(stack, unordered);
    const after = await stack.api<ExecutionOrdering>('GET', `/api/executions/${unordered.executionId}`);
    expect(after.body.ordering).toBeNull();
  });

  test('a type without ordering keeps running events of one object at once', async ({ stack, receiver }) => {
    receiver.setDefault('/unordered', { status: 200, hangMs: 300 });
    const accepted = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        emit(stack, { id: `ordering-free-${i}`, type: 'clients.create', objectId: 'ordering-same' })
      )
    );
    await Promise.all(accepted.map((a) => outcome(stack, a)));
    expect(receiver.peakInFlight('/unordered')).toBeGreaterThan(1);
    const detail = await stack.api<ExecutionOrdering>('GET', `/api/executions/${accepted[0]!.executionId}`);
    expect(detail.body.ordering).toBeNull();
  });
});
