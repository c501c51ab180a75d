import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, execution, outcome, publish } from '../support/scenario';

describe('retries, failures and onFailure', () => {
  test.beforeAll(async ({ stack, receiver }) => {
    await createHandler(stack, {
      name: 'flaky',
      event: 'clients.update',
      target: `${receiver.url}/flaky`,
      priority: 1,
    });
    await createHandler(stack, {
      name: 'picky',
      event: 'clients.delete',
      target: `${receiver.url}/picky`,
      priority: 1,
    });
    await createHandler(stack, {
      name: 'slow',
      event: 'clients.archive',
      target: `${receiver.url}/slow`,
      priority: 1,
      timeoutMs: 500,
    });
    // A failing first handler that stops the chain, then one that would have run.
    await createHandler(stack, {
      name: 'gate',
      event: 'clients.accounts.create',
      target: `${receiver.url}/gate`,
      priority: 1,
      onFailure: 'stop',
      retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 },
    });
    await createHandler(stack, {
      name: 'after-gate',
      event: 'clients.accounts.create',
      target: `${receiver.url}/after-gate`,
      priority: 2,
    });
    // The same shape with `continue`.
    await createHandler(stack, {
      name: 'soft',
      event: 'clients.accounts.update',
      target: `${receiver.url}/soft`,
      priority: 1,
      onFailure: 'continue',
      retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 },
    });
    await createHandler(stack, {
      name: 'after-soft',
      event: 'clients.accounts.update',
      target: `${receiver.url}/after-soft`,
      priority: 2,
    });
    await publish(stack);
  });

  test.beforeEach(({ receiver }) => receiver.reset());

  test('retries 503, 503, 200: three attempts logged, numbered 1–3, under one webhook-id', async ({
    stack,
    receiver,
  }) => {
    receiver.script('/flaky', { status: 503 }, { status: 503 }, { status: 200 });
    const accepted = await emit(stack, { type: 'clients.update' });
    const result = await outcome(stack, accepted);
    expect(result.status).toBe('succeeded');

    const calls = receiver.on('/flaky');
    expect(calls.map((c) => c.json.event.attempt)).toEqual([1, 2, 3]);
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(1);

    const view = await execution(stack, accepted.executionId);
    const [flaky] = view.handlers;
    expect(flaky!.attempts.map((a) => [a.attempt, a.status, a.response?.status])).toEqual([
      [1, 'failed', 503],
      [2, 'failed', 503],
      [3, 'succeeded', 200],
    ]);
    expect(flaky!.status).toBe('succeeded');
  });

  test('fails at once on a 400, without retrying', async ({ stack, receiver }) => {
    receiver.setDefault('/picky', { status: 400, body: 'no such client' });
    const accepted = await emit(stack, { type: 'clients.delete' });
    const result = await outcome(stack, accepted);
    expect(result.status).toBe('failed');
    // Give a wrongly scheduled retry the time it would need to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on('/picky')).toHaveLength(1);

    const view = await execution(stack, accepted.executionId);
    expect(view.status).toBe('failed');
    expect(view.handlers[0]!.attempts).toHaveLength(1);
    expect(view.handlers[0]!.attempts[0]).toMatchObject({ attempt: 1, status: 'failed', response: { status: 400 } });
  });

  test('times out a hung receiver and retries it', async ({ stack, receiver }) => {
    receiver.script('/slow', { status: 200, hangMs: 5_000 }, { status: 200 });
    const accepted = await emit(stack, { type: 'clients.archive' });
    const result = await outcome(stack, accepted);
    expect(result.status).toBe('succeeded');
    expect(receiver.on('/slow')).toHaveLength(2);

    const view = await execution(stack, accepted.executionId);
    const attempts = view.handlers[0]!.attempts;
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'succeeded']);
    expect(attempts[0]!.error).toMatch(/timed out/i);
  });

  test('onFailure stop: later handlers are skipped and logged as skipped', async ({ stack, receiver }) => {
    receiver.setDefault('/gate', { status: 500 });
    const accepted = await emit(stack, { type: 'clients.accounts.create' });
    const result = await outcome(stack, accepted);
    expect(result).toMatchObject({ status: 'failed', counts: { handlers: 2, succeeded: 0, failed: 1, skipped: 1 } });
    expect(receiver.on('/after-gate')).toHaveLength(0);

    const view = await execution(stack, accepted.executionId);
    expect(view.handlers.map((h) => [h.name, h.status])).toEqual([
      ['gate', 'failed'],
      ['after-gate', 'skipped'],
    ]);
  });

  test('onFailure continue: later handlers still run', async ({ stack, receiver }) => {
    receiver.setDefault('/soft', { status: 500 });
    const accepted = await emit(stack, { type: 'clients.accounts.update' });
    const result = await outcome(stack, accepted);
    expect(result).toMatchObject({ status: 'failed', counts: { handlers: 2, succeeded: 1, failed: 1, skipped: 0 } });
    expect(receiver.on('/after-soft')).toHaveLength(1);
  });
});
