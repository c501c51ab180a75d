/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { auditLog, handlers } from '@hookline/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
beforeEach(async () => {
  await api.database.db.delete(handlers);
  await api.database.db.delete(auditLog);
  api.config.scriptsDir = undefined;
});

const create = (overrides: Record<string, unknown> = {}) =>
  api.request('/api/handlers', { method: 'POST', body: handlerBody(overrides) });
const patch = (id: number, body: unknown) => api.request(`/api/handlers/${id}`, { method: 'PATCH', body });
const storedRows = () => api.database.db.select().from(handlers);

describe('handler CRUD', () => {
  it('creates with defaults, shows it, and never shows a secret', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/handlers/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Notify CRM',
      event: 'clients.create',
      kind: 'http',
      status: 'enabled',
      priority: 10,
      condition: null,
      retry: { maxAttempts: 5, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60000 },
      timeoutMs: 10000,
      onFailure: 'continue',
      headers: {},
      hasSecret: false,
      position: null,
      version: 1,
    });
    expect(res.body).not.toHaveProperty('secret');
    const got = await api.request(`/api/handlers/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('generates a secret, shows it once, and only says hasSecret afterwards', async () => {
    const res = await create({ secret: 'generate' });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(res.body.hasSecret).toBe(true);
    const [row] = await storedRows();
    expect(row!.secret).toBe(res.body.secret);

    const got = await api.request(`/api/handlers/${res.body.id}`);
    const list = await api.request('/api/handlers');
    const renamed = await patch(res.body.id, { version: 1, name: 'Renamed' });
    for (const body of [got.body, list.body.items[0], renamed.body]) {
      expect(body).not.toHaveProperty('secret');
      expect(body.hasSecret).toBe(true);
    }
    const audit = await api.database.db.select().from(auditLog);
    expect(JSON.stringify(audit)).not.toContain(res.body.secret.slice(6));
  });

  it('stores a given secret without echoing it', async () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const res = await create({ secret });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('secret');
    expect(res.body.hasSecret).toBe(true);
  });

  it('stores an alias under the current event name', async () => {
    const res = await create({ event: 'clients.custom_fields_update' });
    expect(res.body.event).toBe('clients.custom_fields.update');
  });

  it('updates with the current version, bumping it, and audits before and after', async () => {
    const { body: created } = await create();
    const res = await patch(created.id, { version: 1, name: 'Renamed', status: 'disabled' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', status: 'disabled', version: 2 });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.action, 'handler.update'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'admin (HOOKLINE_ADMIN_KEY)',
      handlerId: created.id,
      before: expect.objectContaining({ name: 'Notify CRM', version: 1 }),
      after: expect.objectContaining({ name: 'Renamed', version: 2 }),
    });
  });

  it('answers a stale version with 409 and the current version, changing nothing', async () => {
    const { body: created } = await create();
    await patch(created.id, { version: 1, name: 'First' });
    const res = await patch(created.id, { version: 1, name: 'Second' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, currentVersion: 2 });
    const [row] = await storedRows();
    expect(row).toMatchObject({ name: 'First', version: 2 });
  });

  it('rotates a secret: the new one is shown once and the old one keeps signing for a while', async () => {
    const { body: created } = await create({ secret: 'generate' });
    const res = await patch(created.id, { version: 1, secret: 'generate' });
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(created.secret);
    const [row] = await storedRows();
    expect(row).toMatchObject({ secret: res.body.secret, previousSecret: created.secret });
    expect(row!.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    const cleared = await patch(created.id, { version: 2, secret: null });
    expect(cleared.body).toMatchObject({ hasSecret: false, version: 3 });
    expect((await storedRows())[0]).toMatchObject({ secret: null, previousSecret: null });
  });

  it('deletes with 204, then answers 404', async () => {
    const { body: created } = await create();
    const res = await api.request(`/api/handlers/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await api.request(`/api/handlers/${created.id}`)).status).toBe(404);
    expect((await api.request(`/api/handlers/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.action, 'handler.delete'));
    expect(audit[0]).toMatchObject({ handlerId: created.id, after: null });
  });
});

describe('handler validation', () => {
  it.each([
    ['an unknown event type', { event: 'clients.explode' }, 'event'],
    ['a missing name', { name: undefined }, 'name'],
    ['a name of the wrong type', { name: 42 }, 'name'],
    ['a retry of the wrong type', { retry: { maxAttempts: 'five' } }, 'retry.maxAttempts'],
    ['a target that is not a URL', { target: 'crm' }, 'target'],
    ['an invalid condition', { condition: { path: 'data.balance', op: 'between', value: 1 } }, 'condition'],
    ['a forbidden header', { headers: { 'Content-Type': 'text/plain' } }, 'headers.Content-Type'],
    ['a malformed secret', { secret: 'hunter2' }, 'secret'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a script handler while scripts are off', { kind: 'script', target: 'notify.sh' }, 'kind'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_what, overrides, path) => {
    const res = await create(overrides);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await storedRows()).toHaveLength(0);
    expect(await api.database.db.select().from(auditLog)).toHaveLength(0);
  });

  it('accepts script handlers when a scripts folder is configured, and patches their target alone', async () => {
    api.config.scriptsDir = '/srv/hookline-scripts';
    const res = await create({ kind: 'script', target: 'notify.sh' });
    expect(res.status).toBe(201);
    const moved = await patch(res.body.id, { version: 1, target: 'crm/notify.sh' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ kind: 'script', target: 'crm/notify.sh' });
  });

  it('answers 400 for an id that is not a number and 404 for one that names nothing', async () => {
    for (const id of ['abc', '1.5', '-1', '0', '99999999999']) {
      const res = await api.request(`/api/handlers/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.errors[0].path).toBe('id');
    }
    expect((await api.request('/api/handlers/4242')).status).toBe(404);
    expect((await patch(4242, { version: 1, name: 'x' })).status).toBe(404);
  });

  it('validates a PATCH like a create: version required, unknown event refused', async () => {
    const { body: created } = await create();
    const noVersion = await patch(created.id, { name: 'x' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors).toEqual([{ path: 'version', message: 'is required' }]);
    const badEvent = await patch(created.id, { version: 1, event: 'nope.nope' });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.errors[0].path).toBe('event');
    expect((await storedRows())[0]).toMatchObject({ version: 1, event: 'clients.create' });
  });
});

describe('handler list', () => {
  it('filters by event, status, kind and text, hiding archived handlers unless asked', async () => {
    const a = (await create({ name: 'A', priority: 2 })).body;
    const b = (await create({ name: 'B', priority: 1 })).body;
    const c = (await create({ name: 'C archived', status: 'archived' })).body;
    const d = (await create({ name: 'D', event: 'clients.delete', target: 'https://erp.example.com/x' })).body;
    const ids = async (query: string) =>
      (await api.request(`/api/handlers${query}`)).body.items.map((h: { id: number }) => h.id);

    expect(await ids('')).toEqual([b.id, a.id, d.id]);
    expect(await ids('?event=clients.delete')).toEqual([d.id]);
    expect(await ids('?status=archived')).toEqual([c.id]);
    expect(await ids('?status=enabled,archived')).toEqual([b.id, a.id, c.id, d.id]);
    expect(await ids('?includeArchived=true')).toEqual([b.id, a.id, c.id, d.id]);
    expect(await ids('?q=erp.example')).toEqual([d.id]);
    expect(await ids('?kind=script')).toEqual([]);
    expect((await api.request('/api/handlers?status=sleeping')).status).toBe(400);
  });
});

describe('POST /api/handlers/reorder', () => {
  it('renumbers the run order 1..n, bumping versions only where the priority changed', async () => {
    const a = (await create({ name: 'A', priority: 1 })).body;
    const b = (await create({ name: 'B', priority: 5 })).body;
    const c = (await create({ name: 'C', priority: 9 })).body;
    await create({ name: 'archived', status: 'archived' });
    await create({ name: 'other event', event: 'clients.update' });

    const res = await api.request('/api/handlers/reorder', {
      method: 'POST',
      body: { event: 'clients.create', order: [c.id, a.id, b.id] },
    });
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((h: { id: number; priority: number; version: number }) => [h.id, h.priority, h.version])
    ).toEqual([
      [c.id, 1, 2],
      [a.id, 2, 2],
      [b.id, 3, 2],
    ]);
    const same = await api.request('/api/handlers/reorder', {
      method: 'POST',
      body: { event: 'clients.create', order: [c.id, a.id, b.id] },
    });
    expect(same.body.items.map((h: { version: number }) => h.version)).toEqual([2, 2, 2]);
  });

  it('refuses an order that is not exactly the active handlers of the event, changing nothing', async () => {
    const a = (await create({ name: 'A', priority: 1 })).body;
    const b = (await create({ name: 'B', priority: 2 })).body;
    const archived = (await create({ name: 'Z', status: 'archived' })).body;
    const other = (await create({ name: 'O', event: 'clients.update' })).body;
    const reorder = (order: unknown, event: unknown = 'clients.create') =>
      api.request('/api/handlers/reorder', { method: 'POST', body: { event, order } });

    for (const order of [[b.id], [b.id, a.id, other.id], [b.id, a.id, archived.id], [b.id, b.id, a.id], [a.id, 'x']]) {
      const res = await reorder(order);
      expect(res.status, JSON.stringify(order)).toBe(400);
      expect(res.body.errors[0].path).toMatch(/^order/);
    }
    expect((await reorder([a.id, b.id], 'nope.nope')).body.errors[0].path).toBe('event');
    const rows = await storedRows();
    expect(rows.find((r) => r.id === a.id)).toMatchObject({ priority: 1, version: 1 });
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ priority: 2, version: 1 });
  });
});

describe('handler health', () => {
  it('shows statusReason and failingSince, null until the system sets them', async () => {
    const res = await create();
    expect(res.body).toMatchObject({ statusReason: null, failingSince: null });
  });

  it('filters by health: failing, and disabled by the system', async () => {
    const healthy = (await create({ name: 'healthy' })).body;
    const failing = (await create({ name: 'failing' })).body;
    const auto = (await create({ name: 'auto' })).body;
    const byHand = (await create({ name: 'by hand', status: 'disabled' })).body;
    const since = new Date('2026-11-30T08:00:00Z');
    await api.database.db.update(handlers).set({ failingSince: since }).where(eq(handlers.id, failing.id));
    await api.database.db
      .update(handlers)
      .set({ status: 'disabled', statusReason: 'disabled by Hookline: the receiver answered 410 Gone' })
      .where(eq(handlers.id, auto.id));

    const ids = async (query: string) =>
      ((await api.request(`/api/handlers?${query}`)).body.items as { id: number }[]).map((h) => h.id);
    expect(await ids('health=failing')).toEqual([failing.id]);
    expect(await ids('health=auto-disabled')).toEqual([auto.id]);
    expect((await ids('')).sort()).toEqual([healthy.id, failing.id, auto.id, byHand.id].sort());
    const shown = await api.request(`/api/handlers/${failing.id}`);
    expect(shown.body.failingSince).toBe(since.toISOString());
    const bad = await api.request('/api/handlers?health=poorly');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('clears the reason when a person sets the status, and keeps it for other changes', async () => {
    const created = (await create()).body;
    await api.database.db
      .update(handlers)
      .set({ status: 'disabled', statusReason: 'disabled by Hookline: every call failed for 5 days' })
      .where(eq(handlers.id, created.id));

    const renamed = await patch(created.id, { name: 'Renamed', version: created.version });
    expect(renamed.body).toMatchObject({ statusReason: 'disabled by Hookline: every call failed for 5 days' });

    const enabled = await patch(created.id, { status: 'enabled', version: renamed.body.version });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'enabled', statusReason: null });
  });

  it('does not let a client write the system fields', async () => {
    const created = (await create()).body;
    const res = await patch(created.id, { statusReason: 'mine', version: created.version });
    expect(res.status).toBe(400);
    expect((await create({ failingSince: '2026-11-30T08:00:00Z' })).status).toBe(400);
  });
});
