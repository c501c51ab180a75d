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
    expect(res.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', temporal: 'ok', worker: 'ok' },
      temporalNamespace: 'default',
    });
  });

  it('is degraded (503) when no worker polls the task queue', async () => {
    api.temporal.pollers = 0;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'degraded',
      checks: { database: 'ok', temporal: 'ok', worker: 'down' },
      temporalNamespace: 'default',
    });
  });

  it('is degraded when Temporal is unreachable, and cannot tell about the worker', async () => {
    api.temporal.reachable = false;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: 'ok', temporal: 'down', worker: 'unknown' });
  });
});

describe('GET /api/health with a Temporal UI', () => {
  it('names the UI and the namespace, so clients can link an execution to its workflow', async () => {
    const withUi = await startTestApi({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'billing' });
    try {
      const res = await withUi.request('/api/health', { key: null });
      expect(res.body).toMatchObject({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'billing' });
    } finally {
      await withUi.close();
    }
  });
});
