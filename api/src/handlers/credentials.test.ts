import { handlerById, insertApiKey } from '@hookline/db';
import { MASKED_HEADER_VALUE, type ApiKeyRole } from '@hookline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../keys/api-key';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

/** Header values are write-only below admin: every answer that shows a handler masks them for other roles. */

const CREDENTIAL = 'Bearer crm-credential-0123456789';
const HEADERS = { Authorization: CREDENTIAL, 'X-Tenant': 'acme' };
const MASKED = { Authorization: MASKED_HEADER_VALUE, 'X-Tenant': MASKED_HEADER_VALUE };
const READERS: ApiKeyRole[] = ['admin', 'designer', 'operator'];
const DESIGNERS: ApiKeyRole[] = ['admin', 'designer'];

let api: TestApi;
const keys = {} as Record<ApiKeyRole, string>;
let counter = 0;

const shown = (role: ApiKeyRole) => (role === 'admin' ? HEADERS : MASKED);

async function as(role: ApiKeyRole, path: string, method = 'GET', body?: unknown) {
  return api.request(path, { method, key: keys[role], ...(body === undefined ? {} : { body }) });
}

async function newHandler(overrides: Record<string, unknown> = {}): Promise<{ id: number; version: number }> {
  const res = await api.request('/api/handlers', {
    method: 'POST',
    body: handlerBody({ name: `h${++counter}`, event: 'clients.update', headers: HEADERS, ...overrides }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number };
}

beforeAll(async () => {
  api = await startTestApi();
  for (const role of ['admin', 'designer', 'operator', 'service'] as const) {
    const key = generateApiKey();
    await insertApiKey(api.database.db, {
      name: `${role} key`,
      role,
      hash: hashApiKey(key),
      prefix: apiKeyPrefix(key),
    });
    keys[role] = key;
  }
});
afterAll(async () => {
  await api.close();
});

describe('handler header values', () => {
  it.each(READERS)('GET /api/handlers and /api/handlers/:id as %s', async (role) => {
    const { id } = await newHandler();
    const list = await as(role, '/api/handlers?event=clients.update');
    expect(list.status).toBe(200);
    const listed = (list.body.items as { id: number; headers: unknown }[]).find((h) => h.id === id);
    expect(listed?.headers).toEqual(shown(role));
    const one = await as(role, `/api/handlers/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.headers).toEqual(shown(role));
  });

  it.each(DESIGNERS)('POST, PATCH and reorder answers as %s', async (role) => {
    const created = await as(role, '/api/handlers', 'POST', handlerBody({ name: `c${++counter}`, headers: HEADERS }));
    expect(created.status).toBe(201);
    expect(created.body.headers).toEqual(shown(role));
    const patched = await as(role, `/api/handlers/${created.body.id}`, 'PATCH', {
      version: created.body.version,
      name: `p${++counter}`,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.headers).toEqual(shown(role));
    const listed = (await api.request('/api/handlers?event=clients.create')).body.items as { id: number }[];
    const reordered = await as(role, '/api/handlers/reorder', 'POST', {
      event: 'clients.create',
      order: listed.map((h) => h.id),
    });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    const mine = (reordered.body.items as { id: number; headers: unknown }[]).find((h) => h.id === created.body.id);
    expect(mine?.headers).toEqual(shown(role));
  });

  it('keeps the stored value of a header sent back masked, and removes one left out', async () => {
    const { id, version } = await newHandler();
    const shownToDesigner = (await as('designer', `/api/handlers/${id}`)).body;
    const res = await as('designer', `/api/handlers/${id}`, 'PATCH', {
      version,
      // The editor's round trip: what it was shown, with one header dropped and one added.
      headers: { authorization: shownToDesigner.headers.Authorization, 'X-Trace': 'on' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.headers).toEqual({ authorization: MASKED_HEADER_VALUE, 'X-Trace': MASKED_HEADER_VALUE });
    expect((await handlerById(api.database.db, id))?.headers).toEqual({ authorization: CREDENTIAL, 'X-Trace': 'on' });
    expect((await as('admin', `/api/handlers/${id}`)).body.headers).toEqual({
      authorization: CREDENTIAL,
      'X-Trace': 'on',
    });
  });

  it('keeps the stored value for an admin sending the mask too, and replaces it when sent in clear', async () => {
    const { id, version } = await newHandler();
    const kept = await as('admin', `/api/handlers/${id}`, 'PATCH', { version, headers: MASKED });
    expect(kept.body.headers).toEqual(HEADERS);
    const replaced = await as('designer', `/api/handlers/${id}`, 'PATCH', {
      version: kept.body.version,
      headers: { Authorization: 'Bearer rotated', 'X-Tenant': MASKED_HEADER_VALUE },
    });
    expect(replaced.status).toBe(200);
    expect((await handlerById(api.database.db, id))?.headers).toEqual({
      Authorization: 'Bearer rotated',
      'X-Tenant': 'acme',
    });
  });

  it('refuses the mask for a header that has no stored value, on create and on PATCH', async () => {
    const created = await as(
      'designer',
      '/api/handlers',
      'POST',
      handlerBody({ headers: { 'X-Key': MASKED_HEADER_VALUE } })
    );
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([expect.objectContaining({ path: 'headers.X-Key' })]);
    const { id, version } = await newHandler();
    const patched = await as('designer', `/api/handlers/${id}`, 'PATCH', {
      version,
      headers: { 'X-Other': MASKED_HEADER_VALUE },
    });
    expect(patched.status).toBe(400);
    expect((await handlerById(api.database.db, id))?.headers).toEqual(HEADERS);
  });
});

describe('GET /api/audit', () => {
  it.each(READERS)('shows handler header values in before/after only to admin (as %s)', async (role) => {
    const { id, version } = await newHandler();
    await api.request(`/api/handlers/${id}`, { method: 'PATCH', body: { version, name: `a${++counter}` } });
    const res = await as(role, `/api/audit?handlerId=${id}`);
    expect(res.status).toBe(200);
    const [update, create] = res.body.items as {
      action: string;
      before: { headers: unknown } | null;
      after: { headers: unknown };
    }[];
    expect(update?.action).toBe('handler.update');
    expect(update?.before?.headers).toEqual(shown(role));
    expect(update?.after.headers).toEqual(shown(role));
    expect(create?.after.headers).toEqual(shown(role));
    expect(JSON.stringify(res.body).includes(CREDENTIAL)).toBe(role === 'admin');
  });

  it.each(READERS)('lists api_key entries to admin only, with pages still full (as %s)', async (role) => {
    for (let i = 0; i < 3; i++) {
      const made = await api.request('/api/keys', {
        method: 'POST',
        body: { name: `audited${++counter}`, role: 'service' },
      });
      expect(made.status).toBe(201);
      await newHandler();
    }
    const actions: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await as(role, `/api/audit?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      if (res.body.nextCursor) expect(res.body.items).toHaveLength(2);
      actions.push(...(res.body.items as { action: string }[]).map((e) => e.action));
      cursor = res.body.nextCursor;
    } while (cursor);
    const keyEntries = actions.filter((a) => a.startsWith('api_key.'));
    if (role === 'admin') expect(keyEntries.length).toBeGreaterThanOrEqual(3);
    else expect(keyEntries).toEqual([]);
    expect(actions.filter((a) => a === 'handler.create').length).toBeGreaterThanOrEqual(3);
  });
});

describe('the OpenAPI document', () => {
  it('says that header values are masked below admin and how the mask is sent back', async () => {
    const text = JSON.stringify((await api.request('/api/openapi.json')).body);
    expect(text).toContain(`every other role sees \\"${MASKED_HEADER_VALUE}\\"`);
    expect(text).toContain(`A value of exactly \\"${MASKED_HEADER_VALUE}\\" keeps the value stored`);
    expect(text).toContain('api_key.* (listed to admin keys only)');
  });
});
