import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, outcome, publish } from '../support/scenario';

interface ExecutionItem {
  eventType: string;
  objectId: string;
}

/**
 * The failing-handler policy and Hookline's own events together, through the worker's real listener: a handler
 * disabled by a 410 Gone is announced to the handlers of `hookline.handler.disabled`, and the disabling of such a
 * handler announces nothing.
 */
describe('a handler disabled by Hookline is announced as hookline.handler.disabled', () => {
  test('a 410 Gone reaches the pager as an operational event; the pager disabled in turn announces nothing', async ({
    stack,
    receiver,
  }) => {
    const pager = await createHandler(stack, {
      name: 'pager',
      event: 'hookline.handler.disabled',
      target: `${receiver.url}/pager`,
    });
    const gone = await createHandler(stack, { name: 'gone', event: 'clients.create', target: `${receiver.url}/gone` });
    await publish(stack);
    // The pager itself answers 410 too: it is disabled, and that must not be announced (to itself or anyone).
    receiver.setDefault('/gone', { status: 410 });
    receiver.setDefault('/pager', { status: 410 });

    const accepted = await emit(stack, { id: 'gone-1', type: 'clients.create', objectId: 1 });
    expect((await outcome(stack, accepted)).status).toBe('failed');
    await receiver.until(() => receiver.on('/pager').length > 0, 30_000);
    const [page] = receiver.on('/pager');
    expect(page!.json.event.events_id).toBe('hookline.handler.disabled');
    expect(page!.json.event.object_id).toBe(String(gone.id));
    expect(page!.json.data).toMatchObject({ handlerId: gone.id, handlerName: 'gone', event: 'clients.create' });
    expect(String(page!.json.data['reason'])).toMatch(/410 Gone/);

    // The pager's own 410 disables it...
    await expect
      .poll(async () => (await stack.api<{ status: string }>('GET', `/api/handlers/${pager.id}`)).body.status, {
        timeout: 30_000,
      })
      .toBe('disabled');
    // ...and no operational event is started about it. Bounded wait: the emission would follow the disable at once.
    await sleep(3_000);
    const executions = await stack.api<{ items: ExecutionItem[] }>(
      'GET',
      '/api/executions?event=hookline.handler.disabled&limit=50'
    );
    expect(executions.status).toBe(200);
    expect(executions.body.items.map((e) => e.objectId)).toEqual([String(gone.id)]);
    expect(receiver.on('/pager')).toHaveLength(1);
  });
});
