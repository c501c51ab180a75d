import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.temporal.reachable = true;
  api.temporal.pollers = 1;
});

describe('GET /api/health', () => {
  it('is ok when the database, Temporal and a worker are there', async () => {
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok', worker: 'ok' } });
  });

  it('is degraded (503) when no worker polls the task queue', async () => {
    api.temporal.pollers = 0;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', checks: { database: 'ok', temporal: 'ok', worker: 'down' } });
  });

  it('is degraded when Temporal is unreachable, and cannot tell about the worker', async () => {
    api.temporal.reachable = false;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: 'ok', temporal: 'down', worker: 'unknown' });
  });
});
