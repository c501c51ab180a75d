import { describe, expect } from 'vitest';
import { test } from '../testing/fixtures';
import { startTestApi } from '../testing/api-harness';

test.beforeEach(({ api }) => {
  api.temporal.reachable = true;
  api.temporal.pollers = 1;
});

describe('GET /api/health', () => {
  test('is ok when the database, Temporal and a worker are there', async ({ api }) => {
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', temporal: 'ok', worker: 'ok' },
      temporalNamespace: 'default',
    });
  });

  test('is degraded (503) when no worker polls the task queue', async ({ api }) => {
    api.temporal.pollers = 0;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'degraded',
      checks: { database: 'ok', temporal: 'ok', worker: 'down' },
      temporalNamespace: 'default',
    });
  });

  test('is degraded when Temporal is unreachable, and cannot tell about the worker', async ({ api }) => {
    api.temporal.reachable = false;
    const res = await api.request('/api/health', { key: null });
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: 'ok', temporal: 'down', worker: 'unknown' });
  });
});

describe('GET /api/health with a Temporal UI', () => {
  test('names the UI and the namespace, so clients can link an execution to its workflow', async () => {
    const withUi = await startTestApi({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'billing' });
    try {
      const res = await withUi.request('/api/health', { key: null });
      expect(res.body).toMatchObject({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'billing' });
    } finally {
      await withUi.close();
    }
  });
});
