import { eventTypes } from '@hookline/db';
import { BUILT_IN_EVENT_TYPES } from '@hookline/domain';
import { describe, expect } from 'vitest';
import { test } from '../testing/fixtures';

describe('GET /api/catalog/events', () => {
  test('lists the built-in types with their aliases, then the custom ones', async ({ api }) => {
    await api.database.db
      .insert(eventTypes)
      .values({ type: 'billing.invoice.paid', label: 'Invoice paid', schema: { type: 'object' } });
    const res = await api.request('/api/catalog/events');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(BUILT_IN_EVENT_TYPES.length + 1);
    expect(res.body.items).toContainEqual({
      type: 'clients.custom_fields.update',
      label: 'Client custom fields updated',
      group: 'Clients',
      builtIn: true,
      aliases: ['clients.custom_fields_update'],
      schema: null,
      // A client's custom fields are the client's: its events share the client's sequence.
      family: 'clients',
      ordering: 'none',
    });
    expect(res.body.items[res.body.items.length - 1]).toEqual({
      type: 'billing.invoice.paid',
      label: 'Invoice paid',
      group: 'Custom',
      builtIn: false,
      aliases: [],
      schema: { type: 'object' },
      family: 'billing.invoice',
      ordering: 'none',
    });
  });
});
