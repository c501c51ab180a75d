import { handlerSnapshots } from '@hookline/db';
import { recordFinished } from '@hookline/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const scrape = async () => {
  const res = await api.request('/metrics', { key: null });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.body as string;
};

describe('GET /metrics', () => {
  it('counts accepted events, duplicates apart', async () => {
    for (const id of ['m-1', 'm-2', 'm-1']) {
      await api.request('/api/events', { method: 'POST', body: { id, type: 'clients.create', objectId: 1 } });
    }
    const text = await scrape();
    expect(text).toContain('hookline_events_accepted_total{duplicate="false"} 2');
    expect(text).toContain('hookline_events_accepted_total{duplicate="true"} 1');
  });

  it('counts finished executions by outcome, as the worker activity records them', async () => {
    const finish = { snapshotVersion: 1, counts: { handlers: 1, succeeded: 1, failed: 0, skipped: 0 } };
    await recordFinished(api.database.db, { executionId: 'none', status: 'succeeded', ...finish }, api.metrics);
    await recordFinished(api.database.db, { executionId: 'none', status: 'failed', ...finish }, api.metrics);
    const text = await scrape();
    expect(text).toContain('hookline_executions_total{outcome="succeeded"} 1');
    expect(text).toContain('hookline_executions_total{outcome="failed"} 1');
    expect(text).toContain('# TYPE hookline_handler_call_duration_seconds histogram');
    expect(text).toContain('# TYPE hookline_handler_retries_total counter');
  });

  it('reads the snapshot age and the queue backlog at scrape time, NaN when unknown', async () => {
    // prom-client spells it `Nan`; Prometheus parses NaN in any case.
    expect(await scrape()).toMatch(/^hookline_snapshot_age_seconds nan$/im);
    await api.database.db
      .insert(handlerSnapshots)
      .values({ hash: 'h', handlers: [], reason: 'test', createdAt: new Date(Date.now() - 90_000) });
    api.hookline.backlog = 7;
    let text = await scrape();
    const age = Number(/^hookline_snapshot_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(120);
    expect(text).toMatch(/^hookline_task_queue_backlog 7$/m);

    api.hookline.down = true;
    try {
      text = await scrape();
      expect(text).toMatch(/^hookline_task_queue_backlog nan$/im);
      expect(text).toMatch(/^hookline_snapshot_age_seconds \d/m);
    } finally {
      api.hookline.down = false;
    }
  });
});
