/* eslint-disable @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { apiKeys, auditLog } from '@hookline/db';
import { ApiKeyCreated, ApiKeySummary } from '@hookline/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from './api-key';
import { ADMIN_KEY, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const create = (body: unknown, key?: string) => api.request('/api/keys', { method: 'POST', body, key });

describe('API keys', () => {
  it('creates a key shown once, stored hashed, that works with its role', async () => {
    const res = await create({ name: 'billing backend', role: 'service' });
    expect(res.status).toBe(201);
    const created = ApiKeyCreated.parse(res.body);
    expect(created).toMatchObject({ name: 'billing backend', role: 'service', key: expect.stringMatching(/^hl_/) });
    expect(res.headers.get('location')).toBe(`/api/keys/${created.id}`);

    const [row] = await api.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const emitted = await api.request('/api/events', {
      method: 'POST',
      body: { type: 'clients.create', objectId: 1 },
      key: created.key,
    });
    expect(emitted.status).toBe(202);
    expect((await api.request('/api/handlers', { key: created.key })).status).toBe(403);
  });

  it('lists keys without their secrets', async () => {
    const { body: created } = await create({ name: 'ops', role: 'operator' });
    const res = await api.request('/api/keys');
    expect(res.status).toBe(200);
    const items = res.body.items.map((k: unknown) => ApiKeySummary.parse(k));
    expect(items.find((k: ApiKeySummary) => k.id === created.id)).toMatchObject({
      name: 'ops',
      role: 'operator',
      prefix: created.key.slice(0, 7),
      revokedAt: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(created.key);
    expect(JSON.stringify(res.body)).not.toContain(ADMIN_KEY);
  });

  it('answers GET /api/keys/me for any role', async () => {
    const { body: created } = await create({ name: 'editor user', role: 'designer' });
    const me = await api.request('/api/keys/me', { key: created.key });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: created.id, name: 'editor user', role: 'designer' });
  });

  it('revokes a key: 204, then 401 for it, audited', async () => {
    const { body: created } = await create({ name: 'temporary', role: 'operator' });
    const res = await api.request(`/api/keys/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await api.request('/api/keys/me', { key: created.key })).status).toBe(401);
    expect((await api.request(`/api/keys/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.request('/api/keys/99999', { method: 'DELETE' })).status).toBe(404);
    const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.action, 'api_key.revoke'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'admin (HOOKLINE_ADMIN_KEY)', after: { id: created.id } });
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it.each([
    [{ name: 'x', role: 'root' }, 'role'],
    [{ role: 'admin' }, 'name'],
    [{ name: '', role: 'admin' }, 'name'],
    [{ name: 'x', role: 'admin', key: 'mine' }, 'key'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  // Last: it revokes the harness's admin key.
  it('keeps the last active admin key', async () => {
    const me = await api.request('/api/keys/me');
    const refused = await api.request(`/api/keys/${me.body.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const { body: other } = await create({ name: 'second admin', role: 'admin' });
    expect((await api.request(`/api/keys/${me.body.id}`, { method: 'DELETE', key: other.key })).status).toBe(204);
    expect((await api.request('/api/keys/me')).status).toBe(401);
  });
});
