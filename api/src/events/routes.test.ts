import { eventTypes, insertApiKey } from '@hookline/db';
import { OPERATIONAL_EVENT_TYPES } from '@hookline/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../keys/api-key';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.hookline.emitted = [];
  api.hookline.orderings = [];
  api.hookline.down = false;
});

const post = (body: unknown) => api.request('/api/events', { method: 'POST', body });

describe('POST /api/events', () => {
  it('starts the event and answers 202 with the execution', async () => {
    const res = await post({ id: 'evt-1', type: 'clients.create', objectId: 12, data: { name: 'My name' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ executionId: 'exec-1', workflowId: 'event-evt-1', duplicate: false });
    expect(res.headers.get('location')).toBe('/api/executions/exec-1');
    expect(api.hookline.emitted).toEqual([
      { id: 'evt-1', type: 'clients.create', objectId: '12', data: { name: 'My name' } },
    ]);
  });

  it('passes a duplicate through as the first execution', async () => {
    await post({ id: 'evt-dup', type: 'clients.update', objectId: 'a' });
    const again = await post({ id: 'evt-dup', type: 'clients.update', objectId: 'a' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ executionId: 'exec-1', workflowId: 'event-evt-dup', duplicate: true });
  });

  it('stores an alias under its current name, and accepts a registered custom type', async () => {
    await api.database.db.insert(eventTypes).values({ type: 'billing.invoice.paid', label: 'Invoice paid' });
    expect((await post({ type: 'clients.custom_fields_update', objectId: 1 })).status).toBe(202);
    expect((await post({ type: 'billing.invoice.paid', objectId: 1 })).status).toBe(202);
    expect(api.hookline.emitted.map((e) => e.type)).toEqual(['clients.custom_fields.update', 'billing.invoice.paid']);
  });

  it.each([
    ['an unknown type', { type: 'clients.explode', objectId: 1 }, 'type'],
    ['a missing type', { objectId: 1 }, 'type'],
    ['a missing objectId', { type: 'clients.create' }, 'objectId'],
    ['data that is not an object', { type: 'clients.create', objectId: 1, data: [1, 2] }, 'data'],
    ['a bad occurredAt', { type: 'clients.create', objectId: 1, occurredAt: 'yesterday' }, 'occurredAt'],
    ['an unknown field', { type: 'clients.create', objectId: 1, extra: true }, 'extra'],
    ['an id with spaces', { id: 'a b', type: 'clients.create', objectId: 1 }, 'id'],
    ['an empty orderingKey', { type: 'clients.create', objectId: 1, orderingKey: '' }, 'orderingKey'],
  ])('refuses %s with 400 naming the field, and emits nothing', async (_what, body, path) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(api.hookline.emitted).toHaveLength(0);
  });

  it('says "is required" for a missing field', async () => {
    const res = await post({ type: 'clients.create' });
    expect(res.body.errors).toEqual([{ path: 'objectId', message: 'is required' }]);
  });

  it('puts events of a type ordered by object in the sequence of their key, and others in none', async () => {
    const patched = await api.request('/api/catalog/events/clients.accounts.update', {
      method: 'PATCH',
      body: { ordering: 'object' },
    });
    expect(patched.status).toBe(200);
    await post({ type: 'clients.accounts.update', objectId: 77 });
    await post({ type: 'clients.accounts.update', objectId: 77, orderingKey: 'client:12' });
    await post({ type: 'clients.create', objectId: 77, orderingKey: 'client:12' });
    expect(api.hookline.orderings).toEqual([{ key: 'clients.accounts:77' }, { key: 'client:12' }, undefined]);
  });

  it('answers 503 with Retry-After, never 202, when Temporal is unreachable', async () => {
    api.hookline.down = true;
    const res = await post({ type: 'clients.create', objectId: 1 });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it.each([...OPERATIONAL_EVENT_TYPES, 'hookline.not.in.catalogue'])(
    "refuses %s, Hookline's own, with 403 for a service key and an admin key alike",
    async (type) => {
      const key = generateApiKey();
      await insertApiKey(api.database.db, {
        name: `svc ${type}`,
        role: 'service',
        hash: hashApiKey(key),
        prefix: apiKeyPrefix(key),
      });
      for (const asKey of [key, undefined]) {
        const res = await api.request('/api/events', {
          method: 'POST',
          body: { id: 'spoofed', type, objectId: 3, data: {} },
          ...(asKey ? { key: asKey } : {}),
        });
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toMatch(/Hookline's own event types/);
      }
      expect(api.hookline.emitted).toHaveLength(0);
    }
  );
});
