import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, outcome, publish } from '../support/scenario';
import type { Stack } from '../support/stack';

describe('a custom event type with a JSON Schema', () => {
  test.beforeAll(async ({ stack, receiver }) => {
    const registered = await stack.api('POST', '/api/catalog/events', {
      type: 'billing.invoice.paid',
      label: 'Invoice paid',
      schema: {
        type: 'object',
        required: ['invoiceId', 'amount'],
        properties: { invoiceId: { type: 'string' }, amount: { type: 'number', exclusiveMinimum: 0 } },
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await createHandler(stack, { name: 'ledger', event: 'billing.invoice.paid', target: `${receiver.url}/ledger` });
    await publish(stack);
  });

  async function processEventWorkflows(stack: Stack): Promise<number> {
    let n = 0;
    for await (const _ of stack.client.workflow.list({
      query: `TaskQueue = '${stack.config.taskQueue}' AND WorkflowType = 'processEvent'`,
    }))
      n++;
    return n;
  }

  test('runs a valid event: 202, and the handler receives it', async ({ stack, receiver }) => {
    const accepted = await emit(stack, {
      id: 'inv-1',
      type: 'billing.invoice.paid',
      data: { invoiceId: 'INV-1', amount: 12.5 },
    });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');
    const [request] = receiver.forEvent('inv-1');
    expect(request!.json).toMatchObject({
      event: { id: 'inv-1', events_id: 'billing.invoice.paid' },
      data: { invoiceId: 'INV-1', amount: 12.5 },
    });
  });

  test('refuses an invalid event with 400 naming the failing path, and starts nothing', async ({ stack, receiver }) => {
    const before = await processEventWorkflows(stack);
    const res = await stack.api<{ errors: { path: string; message: string }[] }>('POST', '/api/events', {
      id: 'inv-2',
      type: 'billing.invoice.paid',
      objectId: 1,
      data: { invoiceId: 'INV-2', amount: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ path: 'data.amount', message: 'must be > 0' }]);
    const missing = await stack.api<{ errors: { path: string }[] }>('POST', '/api/events', {
      id: 'inv-3',
      type: 'billing.invoice.paid',
      objectId: 1,
      data: { amount: 3 },
    });
    expect(missing.body.errors).toEqual([{ path: 'data.invoiceId', message: 'is required' }]);
    expect(await processEventWorkflows(stack)).toBe(before);
    expect(receiver.forEvent('inv-2')).toEqual([]);
    const executions = await stack.api<{ items: { eventId: string }[] }>('GET', '/api/executions?limit=200');
    expect(executions.body.items.map((e) => e.eventId)).toEqual(['inv-1']);
  });

  test('counts what happened in /metrics, served by the API for the worker in the same process', async ({ stack }) => {
    const res = await fetch(`${stack.apiUrl}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/^hookline_events_accepted_total\{duplicate="false"\} [1-9]/m);
    expect(text).toMatch(/^hookline_executions_total\{outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^hookline_handler_call_duration_seconds_count\{outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^hookline_snapshot_age_seconds \d/m);
    // The dev server reports task queue stats: a number, not NaN.
    expect(text).toMatch(/^hookline_task_queue_backlog \d+$/m);
  });
});
