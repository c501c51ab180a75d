/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { executionLogs, executions, type NewExecutionLogRow } from '@hookline/db';
import { ExecutionDetail, ExecutionSummary } from '@hookline/domain';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
const BASE = Date.parse('2026-11-29T10:00:00.000Z');

/** Newest first by (started_at, id): what every page walk must reproduce. */
let expectedOrder: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const rows = Array.from({ length: 37 }, (_, i) => {
    // Groups of three share a millisecond and differ in microseconds; some share the exact instant.
    const micros = i % 3 === 2 ? 0 : (i % 3) * 250;
    const at = new Date(BASE + Math.floor(i / 3) * 1000)
      .toISOString()
      .replace('Z', `${String(micros).padStart(3, '0')}Z`);
    return {
      id: `exec-${String(i).padStart(3, '0')}`,
      eventId: `evt-${i}`,
      eventType: i % 2 === 0 ? 'clients.create' : 'clients.update',
      objectId: String(i % 5),
      payload: { id: `evt-${i}`, type: 'clients.create', objectId: String(i % 5), occurredAt: at, data: { i } },
      status: (['succeeded', 'failed', 'running'] as const)[i % 3]!,
      workflowId: `event-evt-${i}`,
      startedAt: sql`${at}::timestamptz`,
    };
  });
  await api.database.db.insert(executions).values(rows);
  const ordered = await api.database.db
    .select({ id: executions.id })
    .from(executions)
    .orderBy(desc(executions.startedAt), desc(executions.id));
  expectedOrder = ordered.map((r) => r.id);
  const log = (executionId: string, handlerId: number, attempt: number, status: 'succeeded' | 'failed' | 'skipped') =>
    ({
      executionId,
      handlerId,
      handlerName: `handler ${handlerId}`,
      priority: handlerId,
      attempt,
      status,
      startedAt: new Date(BASE + attempt * 10),
      durationMs: 12,
      request: { url: 'https://crm.example.com/hooks', headers: { 'webhook-id': 'msg_1' }, body: { a: 1 } },
      responseStatus: status === 'failed' ? 503 : status === 'succeeded' ? 200 : null,
      responseHeaders: status === 'skipped' ? null : { 'content-type': 'text/plain' },
      responseBody: status === 'skipped' ? null : 'ok',
      error: status === 'failed' ? 'HTTP 503' : null,
    }) satisfies NewExecutionLogRow;
  await api.database.db
    .insert(executionLogs)
    .values([
      log('exec-001', 2, 2, 'succeeded'),
      log('exec-001', 1, 1, 'succeeded'),
      log('exec-001', 2, 1, 'failed'),
      log('exec-001', 3, 1, 'skipped'),
      log('exec-010', 2, 1, 'succeeded'),
    ]);
});
afterAll(() => api.close());

async function walk(query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await api.request(`/api/executions?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((e: { id: string }) => e.id));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging did not end');
}

describe('GET /api/executions', () => {
  it('pages newest first and returns every row exactly once', async () => {
    for (const limit of [1, 4, 5, 36, 37, 200]) expect(await walk('', limit)).toEqual(expectedOrder);
  });

  it('answers summaries in the shared shape, with the default page size of 50', async () => {
    const res = await api.request('/api/executions');
    expect(res.body.items).toHaveLength(37);
    expect(res.body.nextCursor).toBeNull();
    for (const item of res.body.items) ExecutionSummary.parse(item);
    expect(res.body.items[0]).toMatchObject({ counts: { handlers: 0, succeeded: 0, failed: 0, skipped: 0 } });
  });

  it('filters by status, event, object id, handler and time, across pages', async () => {
    const rows = await api.database.db.select().from(executions);
    const expectIds = (keep: (r: (typeof rows)[number]) => boolean) =>
      expectedOrder.filter((id) => keep(rows.find((r) => r.id === id)!));
    expect(await walk('&status=failed', 3)).toEqual(expectIds((r) => r.status === 'failed'));
    expect(await walk('&event=clients.update', 3)).toEqual(expectIds((r) => r.eventType === 'clients.update'));
    expect(await walk('&objectId=3&status=succeeded', 2)).toEqual(
      expectIds((r) => r.objectId === '3' && r.status === 'succeeded')
    );
    expect(await walk('&handlerId=2', 1)).toEqual(['exec-010', 'exec-001']);
    expect(await walk('&handlerId=7', 1)).toEqual([]);
    const from = new Date(BASE + 3000).toISOString();
    const to = new Date(BASE + 6000).toISOString();
    expect(await walk(`&from=${from}&to=${to}`, 2)).toEqual(
      expectIds((r) => r.startedAt.getTime() >= BASE + 3000 && r.startedAt.getTime() < BASE + 6000)
    );
  });

  it('combines the handler with every other filter, whichever index serves it', async () => {
    // exec-001: clients.update, object 1, failed; exec-010: clients.create, object 0, failed (see the seed).
    expect(await walk('&handlerId=2&status=failed', 1)).toEqual(['exec-010', 'exec-001']);
    expect(await walk('&handlerId=2&status=succeeded', 1)).toEqual([]);
    expect(await walk('&handlerId=2&event=clients.update', 1)).toEqual(['exec-001']);
    expect(await walk('&handlerId=2&objectId=0', 1)).toEqual(['exec-010']);
    expect(await walk('&handlerId=1&q=crm.example.com', 1)).toEqual(['exec-001']);
    const startedAt = async (id: string) =>
      (await api.database.db.select().from(executions).where(eq(executions.id, id)))[0]!.startedAt;
    const from = (await startedAt('exec-010')).toISOString();
    expect(await walk(`&handlerId=2&from=${from}`, 1)).toEqual(['exec-010']);
    expect(await walk(`&handlerId=2&to=${from}`, 1)).toEqual(['exec-001']);
  });

  it('copies the execution’s start onto its attempts, whatever the writer gave', async () => {
    const [execution] = await api.database.db.select().from(executions).where(eq(executions.id, 'exec-001'));
    await api.database.db.insert(executionLogs).values({
      executionId: 'exec-001',
      handlerId: 9,
      handlerName: 'handler 9',
      priority: 9,
      attempt: 1,
      status: 'skipped',
      startedAt: new Date(BASE),
      executionStartedAt: new Date(0),
    });
    const logs = await api.database.db.select().from(executionLogs).where(eq(executionLogs.executionId, 'exec-001'));
    expect(logs).toHaveLength(5);
    for (const log of logs) expect(log.executionStartedAt).toEqual(execution!.startedAt);
    await api.database.db.delete(executionLogs).where(eq(executionLogs.handlerId, 9));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['status=exploded', 'status'],
    ['handlerId=abc', 'handlerId'],
    ['from=yesterday', 'from'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('refuses %s with 400', async (query, path) => {
    const res = await api.request(`/api/executions?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });
});

describe('GET /api/executions/:id', () => {
  it('groups attempts per handler in run order, the status being the last attempt’s', async () => {
    const res = await api.request('/api/executions/exec-001');
    expect(res.status).toBe(200);
    const detail = ExecutionDetail.parse(res.body);
    expect(detail).toMatchObject({
      id: 'exec-001',
      eventId: 'evt-1',
      eventType: 'clients.update',
      status: 'failed',
      workflowId: 'event-evt-1',
      replayOf: null,
      event: { id: 'evt-1', objectId: '1', data: { i: 1 } },
    });
    expect(detail.handlers.map((h) => [h.handlerId, h.priority, h.status, h.attempts.map((a) => a.attempt)])).toEqual([
      [1, 1, 'succeeded', [1]],
      [2, 2, 'succeeded', [1, 2]],
      [3, 3, 'skipped', [1]],
    ]);
    expect(detail.handlers[1]!.attempts[0]).toEqual({
      attempt: 1,
      status: 'failed',
      startedAt: new Date(BASE + 10).toISOString(),
      durationMs: 12,
      request: { url: 'https://crm.example.com/hooks', headers: { 'webhook-id': 'msg_1' }, body: { a: 1 } },
      response: { status: 503, headers: { 'content-type': 'text/plain' }, body: 'ok' },
      error: 'HTTP 503',
      escaped: false,
    });
    expect(detail.handlers[2]!.attempts[0]!.response).toBeNull();
  });

  it('answers 404 for an unknown execution', async () => {
    const res = await api.request('/api/executions/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
