import { handlers, insertSnapshot } from '@hookline/db';
import { compileSnapshotContent } from '@hookline/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** Stores what a refresh would store now, as the refreshHandlerCache workflow does. */
async function publishDirectly(): Promise<number> {
  const rows = await api.database.db.select().from(handlers);
  const { handlers: compiled, hash } = compileSnapshotContent(rows, new Date());
  return (await insertSnapshot(api.database.db, { hash, handlers: compiled, reason: 'test' })).version;
}

describe('GET /api/cache', () => {
  it('reports no snapshot and nothing pending on an empty installation', async () => {
    const res = await api.request('/api/cache');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: null,
      refreshedAt: null,
      nextRefreshAt: '2030-01-01T00:05:00.000Z',
      pendingChanges: false,
    });
  });

  it('tells pending changes by comparing what would be compiled with the active snapshot', async () => {
    const created = await api.request('/api/handlers', { method: 'POST', body: handlerBody() });
    expect((await api.request('/api/cache')).body.pendingChanges).toBe(true);

    const version = await publishDirectly();
    const published = await api.request('/api/cache');
    expect(published.body).toMatchObject({ version, pendingChanges: false });
    expect(published.body.refreshedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));

    // A position is editor layout only: it does not change what runs.
    await api.request(`/api/handlers/${created.body.id}`, {
      method: 'PATCH',
      body: { version: 1, position: { x: 10, y: 20 } },
    });
    expect((await api.request('/api/cache')).body.pendingChanges).toBe(false);
    await api.request(`/api/handlers/${created.body.id}`, { method: 'PATCH', body: { version: 2, priority: 3 } });
    expect((await api.request('/api/cache')).body.pendingChanges).toBe(true);
  });

  it('still answers without the countdown when Temporal is unreachable', async () => {
    api.hookline.down = true;
    try {
      const res = await api.request('/api/cache');
      expect(res.status).toBe(200);
      expect(res.body.nextRefreshAt).toBeNull();
    } finally {
      api.hookline.down = false;
    }
  });
});

describe('POST /api/cache/refresh', () => {
  it('publishes through the schedule and answers the version with the status', async () => {
    const res = await api.request('/api/cache/refresh', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, changed: true, nextRefreshAt: '2030-01-01T00:05:00.000Z' });
    expect(res.body).toHaveProperty('pendingChanges');
    expect(api.hookline.publishes).toBe(1);
  });

  it('answers 503 with Retry-After when Temporal is unreachable', async () => {
    api.hookline.down = true;
    try {
      const res = await api.request('/api/cache/refresh', { method: 'POST' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      api.hookline.down = false;
    }
  });
});
