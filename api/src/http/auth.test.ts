import { insertApiKey, revokeApiKey, type ApiKeyRole } from '@hookline/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../keys/api-key';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';
import { KEY_TRUST_MS } from './auth';

let api: TestApi;
const keys: Partial<Record<ApiKeyRole | 'revoked', string>> = {};

async function addKey(role: ApiKeyRole, name: string): Promise<{ id: number; key: string }> {
  const key = generateApiKey();
  const row = await insertApiKey(api.database.db, { name, role, hash: hashApiKey(key), prefix: apiKeyPrefix(key) });
  return { id: row!.id, key };
}

beforeAll(async () => {
  api = await startTestApi();
  for (const role of ['designer', 'operator', 'service'] as const) keys[role] = (await addKey(role, role)).key;
  const revoked = await addKey('admin', 'old admin');
  await revokeApiKey(api.database.db, revoked.id);
  keys.revoked = revoked.key;
});
afterAll(() => api.close());

describe('authentication', () => {
  it('asks for a bearer key when none is sent', async () => {
    const res = await api.request('/api/handlers', { key: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    expect(res.body.detail).toEqual(expect.any(String));
  });

  it('refuses an unknown key, a revoked key and a header that is not Bearer', async () => {
    expect((await api.request('/api/handlers', { key: 'hl_nope' })).status).toBe(401);
    expect((await api.request('/api/handlers', { key: keys.revoked! })).status).toBe(401);
    const basic = await api.request('/api/handlers', { key: null, headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
  });

  it('lets the admin key in', async () => {
    const res = await api.request('/api/handlers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('answers health without a key', async () => {
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(200);
  });

  it('answers an unknown /api route with a 404 problem once authenticated', async () => {
    const res = await api.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await api.request('/api/nothing-here', { key: null })).status).toBe(401);
  });
});

describe('keys found active', () => {
  afterEach(() => vi.useRealTimers());

  it('are trusted for two seconds: revoked elsewhere, a key stops within that time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const other = await addKey('operator', 'revoked by another API process');
    expect((await api.request('/api/keys/me', { key: other.key })).status).toBe(200);
    // What another process's DELETE /api/keys/:id writes; this process is not told.
    await revokeApiKey(api.database.db, other.id);
    vi.advanceTimersByTime(KEY_TRUST_MS - 100);
    expect((await api.request('/api/keys/me', { key: other.key })).status).toBe(200);
    vi.advanceTimersByTime(200);
    expect((await api.request('/api/keys/me', { key: other.key })).status).toBe(401);
  });

  it('stop at once when revoked through this process', async () => {
    const mine = await addKey('operator', 'revoked here');
    expect((await api.request('/api/keys/me', { key: mine.key })).status).toBe(200);
    expect((await api.request(`/api/keys/${mine.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.request('/api/keys/me', { key: mine.key })).status).toBe(401);
  });
});

describe('roles', () => {
  const event = { type: 'clients.create', objectId: 1, data: {} };

  it('lets a service key emit events and nothing else', async () => {
    expect((await api.request('/api/events', { method: 'POST', body: event, key: keys.service! })).status).toBe(202);
    const list = await api.request('/api/handlers', { key: keys.service! });
    expect(list.status).toBe(403);
    expect(list.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lets an operator read but not design', async () => {
    expect((await api.request('/api/handlers', { key: keys.operator! })).status).toBe(200);
    expect((await api.request('/api/executions', { key: keys.operator! })).status).toBe(200);
    const create = await api.request('/api/handlers', { method: 'POST', body: handlerBody(), key: keys.operator! });
    expect(create.status).toBe(403);
    expect((await api.request('/api/cache/refresh', { method: 'POST', key: keys.operator! })).status).toBe(403);
  });

  it('lets a designer change handlers and publish, but not emit events', async () => {
    const create = await api.request('/api/handlers', { method: 'POST', body: handlerBody(), key: keys.designer! });
    expect(create.status).toBe(201);
    expect((await api.request('/api/cache/refresh', { method: 'POST', key: keys.designer! })).status).toBe(200);
    expect((await api.request('/api/events', { method: 'POST', body: event, key: keys.designer! })).status).toBe(403);
  });

  it('records the key name as the actor of a change', async () => {
    const create = await api.request('/api/handlers', { method: 'POST', body: handlerBody(), key: keys.designer! });
    const rows = await api.database.db.query.auditLog.findMany();
    expect(rows.find((r) => r.handlerId === create.body.id)).toMatchObject({
      actor: 'designer',
      action: 'handler.create',
    });
  });
});
