import { executionLogs, executions, handlers, type NewExecutionLogRow } from '@hookline/db';
import { HandlerStatsResponse } from '@hookline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
let live: { id: number };
const HOUR = 3_600_000;

beforeAll(async () => {
  api = await startTestApi();
  live = (await api.request('/api/handlers', { method: 'POST', body: handlerBody({ name: 'Live name' }) })).body;
  await api.database.db.insert(executions).values({
    id: 'exec-stats',
    eventId: 'evt-stats',
    eventType: 'clients.create',
    objectId: '1',
    payload: {},
    status: 'failed',
    workflowId: 'event-evt-stats',
  });
  const now = Date.now();
  let attempt = 0;
  const row = (
    handlerId: number,
    status: 'succeeded' | 'failed' | 'skipped',
    durationMs: number,
    agoMs: number
  ): NewExecutionLogRow => ({
    executionId: 'exec-stats',
    handlerId,
    handlerName: `logged ${handlerId}`,
    priority: 1,
    attempt: ++attempt,
    status,
    startedAt: new Date(now - agoMs),
    durationMs,
  });
  await api.database.db.insert(executionLogs).values([
    // The live handler: durations 10..100 in the last hour, two failures; one old call outside 24h.
    ...Array.from({ length: 10 }, (_, i) =>
      row(live.id, i === 3 || i === 7 ? 'failed' : 'succeeded', (i + 1) * 10, (i + 1) * 60_000)
    ),
    row(live.id, 'failed', 5_000, 30 * HOUR),
    row(live.id, 'skipped', 0, 60_000),
    // A deleted handler keeps its logged name.
    row(999, 'succeeded', 40, 2 * HOUR),
  ]);
});
afterAll(() => api.close());

const stats = async (query = '') => {
  const res = await api.request(`/api/stats/handlers${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return HandlerStatsResponse.parse(res.body);
};

describe('GET /api/stats/handlers', () => {
  it('reports calls, failures, p50/p95 and the last failure per handler over the last 24 h, skips excluded', async () => {
    const result = await stats();
    expect(Date.now() - Date.parse(result.since)).toBeGreaterThanOrEqual(24 * HOUR);
    expect(result.items).toEqual([
      {
        handlerId: live.id,
        name: 'Live name',
        calls: 10,
        failures: 2,
        // percentile_cont over 10, 20, …, 100.
        p50Ms: 55,
        p95Ms: 95.5,
        lastFailureAt: expect.any(String),
      },
      { handlerId: 999, name: 'logged 999', calls: 1, failures: 0, p50Ms: 40, p95Ms: 40, lastFailureAt: null },
    ]);
    // Failures were at 4 and 8 minutes ago: the last is the more recent one.
    const lastFailure = Date.parse(result.items[0]!.lastFailureAt!);
    expect(Date.now() - lastFailure).toBeGreaterThanOrEqual(4 * 60_000);
    expect(Date.now() - lastFailure).toBeLessThan(5 * 60_000);
  });

  it('takes a duration or an instant for since', async () => {
    expect((await stats('?since=90m')).items.map((i) => i.handlerId)).toEqual([live.id]);
    expect((await stats('?since=7d')).items[0]).toMatchObject({ calls: 11, failures: 3 });
    const at = new Date(Date.now() - 3 * HOUR).toISOString();
    expect((await stats(`?since=${at}`)).items.map((i) => i.handlerId)).toEqual([live.id, 999]);
    const empty = await stats(`?since=${new Date(Date.now() + HOUR).toISOString()}`);
    expect(empty.items).toEqual([]);
  });

  it.each(['yesterday', '0h', '400d', '24'])('refuses since=%s with 400', async (since) => {
    const res = await api.request(`/api/stats/handlers?since=${since}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('since');
  });

  it('keeps working after the handler is deleted', async () => {
    await api.database.db.delete(handlers);
    expect((await stats()).items[0]!.name).toBe(`logged ${live.id}`);
  });
});
