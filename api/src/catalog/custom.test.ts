/* eslint-disable @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { auditLog, eventTypes, handlers } from '@hookline/db';
import { BUILT_IN_EVENT_TYPES, CatalogEntry, PATTERN_MAX_LENGTH, PATTERN_SUBJECT_MAX_LENGTH } from '@hookline/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
beforeEach(async () => {
  api.hookline.emitted = [];
  await api.database.db.delete(handlers);
  await api.database.db.delete(eventTypes);
});

const INVOICE_SCHEMA = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: {
    amount: { type: 'number', minimum: 0 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    lines: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
    email: { type: 'string', format: 'email' },
  },
};

const register = (body: unknown) => api.request('/api/catalog/events', { method: 'POST', body });
const emit = (data: unknown, type = 'billing.invoice.paid') =>
  api.request('/api/events', { method: 'POST', body: { type, objectId: 7, data } });

describe('the built-in catalogue', () => {
  it("has the 17 classic types of DESIGN §1.1 and Hookline's 4, and accepts the old custom_fields spelling", async () => {
    expect(BUILT_IN_EVENT_TYPES.filter((e) => e.group !== 'Hookline')).toHaveLength(17);
    expect(BUILT_IN_EVENT_TYPES).toHaveLength(21);
    const res = await api.request('/api/catalog/events');
    expect(res.body.items).toHaveLength(21);
    const emitted = await emit({}, 'clients.custom_fields_update');
    expect(emitted.status).toBe(202);
    expect(api.hookline.emitted[0]!.type).toBe('clients.custom_fields.update');
  });
});

describe('POST /api/catalog/events', () => {
  it('registers a custom type with a schema, listed in the catalogue and audited', async () => {
    const res = await register({ type: 'billing.invoice.paid', label: 'Invoice paid', schema: INVOICE_SCHEMA });
    expect(res.status).toBe(201);
    expect(CatalogEntry.parse(res.body)).toEqual({
      type: 'billing.invoice.paid',
      label: 'Invoice paid',
      group: 'Custom',
      builtIn: false,
      aliases: [],
      schema: INVOICE_SCHEMA,
      family: 'billing.invoice',
      ordering: 'none',
    });
    const catalogue = await api.request('/api/catalog/events');
    expect(catalogue.body.items.at(-1)).toEqual(res.body);
    const audit = await api.database.db.select().from(auditLog);
    expect(audit.at(-1)).toMatchObject({ action: 'event_type.create', after: { type: 'billing.invoice.paid' } });
    // Handlers may now listen to it.
    expect(
      (await api.request('/api/handlers', { method: 'POST', body: handlerBody({ event: 'billing.invoice.paid' }) }))
        .status
    ).toBe(201);
  });

  it.each([
    [
      'a schema with a wrong type',
      { type: 'object', properties: { amount: { type: 'money' } } },
      'schema.properties.amount.type',
    ],
    ['a misspelt keyword', { type: 'object', requried: ['amount'] }, 'schema'],
    ['an unknown format', { type: 'string', format: 'zipcode' }, 'schema'],
    ['a reference to nowhere', { $ref: 'https://example.com/schema.json' }, 'schema'],
  ])('refuses %s with 400 pointing into the schema', async (_what, schema, path) => {
    const res = await register({ type: 'billing.bad', label: 'Bad', schema });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await api.database.db.select().from(eventTypes)).toHaveLength(0);
  });

  it.each([
    ['a backreference', { type: 'string', pattern: '^(a)\\1$' }, 'schema.pattern', /backreferences/],
    [
      'a lookahead in a property',
      { type: 'object', properties: { sku: { type: 'string', pattern: '^(?=A)' } } },
      'schema.properties.sku.pattern',
      /lookarounds/,
    ],
    [
      'a lookbehind as a patternProperties key',
      { type: 'object', patternProperties: { '(?<=x)y': { type: 'string' } } },
      'schema.patternProperties.(?<=x)y',
      /lookarounds/,
    ],
    [
      'a pattern over the length cap',
      { type: 'string', pattern: 'x'.repeat(PATTERN_MAX_LENGTH + 1) },
      'schema.pattern',
      /at most 256 characters/,
    ],
  ])('refuses %s, naming the pattern', async (_what, schema, path, message) => {
    const res = await register({ type: 'billing.bad', label: 'Bad', schema });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(await api.database.db.select().from(eventTypes)).toHaveLength(0);
  });

  it('refuses a built-in name, an alias, a taken name and a malformed one', async () => {
    expect((await register({ type: 'clients.create', label: 'x' })).status).toBe(409);
    expect((await register({ type: 'clients.custom_fields_update', label: 'x' })).status).toBe(409);
    expect((await register({ type: 'billing.x', label: 'x' })).status).toBe(201);
    expect((await register({ type: 'billing.x', label: 'again' })).status).toBe(409);
    const malformed = await register({ type: 'Billing', label: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('type');
  });

  it("refuses Hookline's own namespace and group, and lets no one change Hookline's types", async () => {
    for (const type of ['hookline.handler.disabled', 'hookline.my.own']) {
      const res = await register({ type, label: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'type', message: expect.stringMatching(/hookline\./) }]);
    }
    const filed = await register({ type: 'billing.x', label: 'x', group: 'Hookline' });
    expect(filed.status).toBe(400);
    expect(filed.body.errors[0].path).toBe('group');
    const changed = await api.request('/api/catalog/events/hookline.replay.finished', {
      method: 'PATCH',
      body: { label: 'mine' },
    });
    expect(changed.status).toBe(409);
    expect(await api.database.db.select().from(eventTypes)).toHaveLength(0);
  });

  it('lets handlers attach to the Hookline types like any built-in one', async () => {
    const res = await api.request('/api/handlers', {
      method: 'POST',
      body: handlerBody({ event: 'hookline.handler.disabled' }),
    });
    expect(res.status).toBe(201);
    expect(res.body.event).toBe('hookline.handler.disabled');
    const catalogue = await api.request('/api/catalog/events');
    expect(
      catalogue.body.items.filter((e: CatalogEntry) => e.group === 'Hookline').map((e: CatalogEntry) => e.type)
    ).toEqual([
      'hookline.handler.disabled',
      'hookline.handler.failing',
      'hookline.handler.recovered',
      'hookline.replay.finished',
    ]);
  });
});

describe('POST /api/events with a custom type', () => {
  beforeEach(async () => {
    expect(
      (await register({ type: 'billing.invoice.paid', label: 'Invoice paid', schema: INVOICE_SCHEMA })).status
    ).toBe(201);
  });

  it('starts a valid event', async () => {
    const res = await emit({ amount: 12.5, currency: 'EUR', lines: [{ sku: 'A-1' }], email: 'a@example.com' });
    expect(res.status).toBe(202);
    expect(api.hookline.emitted).toHaveLength(1);
  });

  it('refuses invalid data with 400 naming each failing path, and starts nothing', async () => {
    const res = await emit({ amount: -1, currency: 'euro', lines: [{ qty: 1 }], email: 'nope' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'data.amount', message: 'must be >= 0' },
        { path: 'data.currency', message: expect.stringContaining('must match pattern') },
        { path: 'data.lines.0.sku', message: 'is required' },
        { path: 'data.email', message: expect.stringContaining('format') },
      ])
    );
    const missing = await emit({ currency: 'EUR' });
    expect(missing.body.errors).toEqual([{ path: 'data.amount', message: 'is required' }]);
    expect(api.hookline.emitted).toHaveLength(0);
  });

  it('checks a pattern in linear time: ^(a+)+$ against 10,000 a then !', async () => {
    const evil = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(b+)+$': { type: 'number' } },
    };
    expect((await register({ type: 'billing.evil', label: 'Evil', schema: evil })).status).toBe(201);
    const subject = `${'a'.repeat(10_000)}!`;
    const started = performance.now();
    const res = await emit({ code: subject }, 'billing.evil');
    // Generous, and it includes the HTTP round trip: a backtracking engine would not answer at all.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'data.code', message: 'must match pattern "^(a+)+$"' }]);
    // patternProperties keys go through the same engine.
    const keyed = await emit({ [`${'b'.repeat(10_000)}!`]: 'x', bbb: 'not a number' }, 'billing.evil');
    expect(keyed.body.errors).toEqual([{ path: 'data.bbb', message: 'must be number' }]);
    expect((await emit({ code: 'a'.repeat(10_000) }, 'billing.evil')).status).toBe(202);
  });

  it('fails a pattern for a string over the subject cap rather than running it', async () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: 'a' } } };
    expect((await register({ type: 'billing.long', label: 'Long', schema })).status).toBe(201);
    expect((await emit({ code: 'a'.repeat(PATTERN_SUBJECT_MAX_LENGTH) }, 'billing.long')).status).toBe(202);
    const over = await emit({ code: 'a'.repeat(PATTERN_SUBJECT_MAX_LENGTH + 1) }, 'billing.long');
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([{ path: 'data.code', message: 'must match pattern "a"' }]);
  });

  it('applies a changed schema to the very next event, and none once it is removed', async () => {
    expect((await emit({ amount: 1, currency: 'EUR' })).status).toBe(202);
    const stricter = { ...INVOICE_SCHEMA, required: ['amount', 'currency', 'email'] };
    const patched = await api.request('/api/catalog/events/billing.invoice.paid', {
      method: 'PATCH',
      body: { schema: stricter, label: 'Invoice paid (v2)' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ label: 'Invoice paid (v2)', schema: stricter });
    const refused = await emit({ amount: 1, currency: 'EUR' });
    expect(refused.body.errors).toEqual([{ path: 'data.email', message: 'is required' }]);

    // Another API process would see the bumped version: simulate one by changing the row behind our back.
    await api.database.db.update(eventTypes).set({ schema: INVOICE_SCHEMA, version: 99 });
    expect((await emit({ amount: 1, currency: 'EUR' })).status).toBe(202);

    await api.request('/api/catalog/events/billing.invoice.paid', { method: 'PATCH', body: { schema: null } });
    expect((await emit({ anything: true })).status).toBe(202);
  });

  it('deletes a type no handler uses, and refuses while one does', async () => {
    const handler = await api.request('/api/handlers', {
      method: 'POST',
      body: handlerBody({ event: 'billing.invoice.paid' }),
    });
    const refused = await api.request('/api/catalog/events/billing.invoice.paid', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    await api.request(`/api/handlers/${handler.body.id}`, { method: 'DELETE' });
    expect((await api.request('/api/catalog/events/billing.invoice.paid', { method: 'DELETE' })).status).toBe(204);
    expect((await emit({})).status).toBe(400);
    expect((await api.request('/api/catalog/events/clients.create', { method: 'DELETE' })).status).toBe(409);
    expect((await api.request('/api/catalog/events/nope.nope', { method: 'PATCH', body: { label: 'x' } })).status).toBe(
      404
    );
  });
});
