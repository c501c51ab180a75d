/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { executionLogs, executions, forgetSearchSample, rareSearchWords, type NewExecutionLogRow } from '@hookline/db';
import { HandlerLogEntry } from '@hookline/domain';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
const BASE = Date.parse('2026-11-29T10:00:00.000Z');

beforeAll(async () => {
  api = await startTestApi();
  await api.database.db.insert(executions).values(
    Array.from({ length: 4 }, (_, i) => ({
      id: `exec-${i}`,
      eventId: `evt-${i}`,
      eventType: 'clients.create',
      objectId: '1',
      payload: {},
      status: 'failed' as const,
      workflowId: `event-evt-${i}`,
    }))
  );
  const rows: NewExecutionLogRow[] = [];
  for (let i = 0; i < 40; i++) {
    // Pairs share the exact microsecond, so only the id tells them apart.
    const at = new Date(BASE + Math.floor(i / 2) * 1000).toISOString().replace('Z', '250Z');
    rows.push({
      executionId: `exec-${i % 4}`,
      handlerId: i % 5 === 0 ? 2 : 1,
      handlerName: 'crm',
      priority: 1,
      attempt: i,
      status: i % 3 === 0 ? 'failed' : 'succeeded',
      startedAt: sql`${at}::timestamptz` as unknown as Date,
      durationMs: i,
      request: { url: 'https://crm.example.com', headers: {}, body: { i } },
      responseStatus: i % 3 === 0 ? 500 : 200,
      responseHeaders: {},
      responseBody: i === 17 ? 'customer ACME-4711 unknown' : 'ok',
      error: i % 3 === 0 ? 'HTTP 500 Internal Server Error' : null,
    });
  }
  await api.database.db.insert(executionLogs).values(rows);
});
afterAll(() => api.close());

async function walk(path: string, limit: number): Promise<HandlerLogEntry[]> {
  const seen: HandlerLogEntry[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await api.request(
      `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.items.map((e: unknown) => HandlerLogEntry.parse(e)));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging did not end');
}

async function expectedIds(handlerId: number, status?: 'failed' | 'succeeded'): Promise<number[]> {
  const rows = await api.database.db
    .select({ id: executionLogs.id, status: executionLogs.status })
    .from(executionLogs)
    .where(eq(executionLogs.handlerId, handlerId))
    .orderBy(desc(executionLogs.startedAt), desc(executionLogs.id));
  return rows.filter((r) => !status || r.status === status).map((r) => r.id);
}

describe('GET /api/handlers/:id/logs', () => {
  it("pages one handler's attempts newest first, each exactly once", async () => {
    const expected = await expectedIds(1);
    expect(expected).toHaveLength(32);
    for (const limit of [1, 3, 7, 32, 200])
      expect((await walk('/api/handlers/1/logs', limit)).map((e) => e.id)).toEqual(expected);
  });

  it('filters by status and time, and answers the attempt shape', async () => {
    expect((await walk('/api/handlers/1/logs?status=failed', 2)).map((e) => e.id)).toEqual(
      await expectedIds(1, 'failed')
    );
    const from = new Date(BASE + 5000).toISOString();
    const to = new Date(BASE + 8000).toISOString();
    const windowed = await walk(`/api/handlers/1/logs?from=${from}&to=${to}`, 2);
    expect(windowed.every((e) => Date.parse(e.startedAt) >= BASE + 5000 && Date.parse(e.startedAt) < BASE + 8000)).toBe(
      true
    );
    expect(windowed.length).toBeGreaterThan(0);
    const [first] = await walk('/api/handlers/2/logs?status=failed', 1);
    expect(first).toMatchObject({
      handlerId: 2,
      name: 'crm',
      status: 'failed',
      response: { status: 500 },
      error: 'HTTP 500 Internal Server Error',
      executionId: expect.stringMatching(/^exec-/),
    });
    expect(await walk('/api/handlers/77/logs', 5)).toEqual([]);
  });

  it.each([
    ['status=running', 'status'],
    ['cursor=nope', 'cursor'],
    ['from=today', 'from'],
    ['limit=500', 'limit'],
  ])('refuses %s with 400', async (query, path) => {
    const res = await api.request(`/api/handlers/1/logs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });
});

describe('GET /api/executions?q=', () => {
  const ids = async (q: string): Promise<string[]> => {
    const res = await api.request(`/api/executions?q=${encodeURIComponent(q)}`);
    return (res.body as { items: { id: string }[] }).items.map((e) => e.id);
  };

  it('finds executions by text in any attempt’s response, request or error, case-insensitively', async () => {
    expect(await ids('acme-4711')).toEqual(['exec-1']);
    expect((await ids('internal server')).sort()).toEqual(['exec-0', 'exec-1', 'exec-2', 'exec-3']);
    expect(await ids('crm.example.com')).toHaveLength(4);
    expect(await ids('no such text')).toEqual([]);
    // LIKE wildcards are literal.
    expect(await ids('%acme%')).toEqual([]);
  });

  it('refuses a q with no word of three letters or digits, which the trigram index cannot look up', async () => {
    for (const q of ['%%%', '"i": 17}', 'a-b c.d']) {
      const res = await api.request(`/api/executions?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({ path: 'q', message: 'must contain a word of at least 3 letters or digits' });
    }
  });

  it('refuses a q shorter than three characters', async () => {
    const res = await api.request('/api/executions?q=ab');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('q');
  });
});

describe('GET /api/executions?q= with statistics', () => {
  const ids = async (q: string): Promise<string[]> => {
    const res = await api.request(`/api/executions?q=${encodeURIComponent(q)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { items: { id: string }[] }).items.map((e) => e.id).sort();
  };

  beforeAll(async () => {
    // 200 more attempts to another receiver: the seeded words are now rare, except those in every row.
    await api.database.db.insert(executions).values({
      id: 'exec-bulk',
      eventId: 'evt-bulk',
      eventType: 'clients.create',
      objectId: '2',
      payload: {},
      status: 'succeeded',
      workflowId: 'event-evt-bulk',
    });
    await api.database.db.insert(executionLogs).values(
      Array.from({ length: 200 }, (_, i) => ({
        executionId: 'exec-bulk',
        handlerId: 5,
        handlerName: 'erp',
        priority: 1,
        attempt: i,
        status: 'succeeded' as const,
        startedAt: new Date(BASE + i),
        request: { url: 'https://erp.example.com/in', headers: {}, body: { n: i } },
        responseBody: 'accepted',
      }))
    );
    await api.database.db.execute(sql`analyze execution_logs`);
    forgetSearchSample(api.database.db);
  });
  afterAll(() => forgetSearchSample(api.database.db));

  it('asks the index for the rare words only, and still matches the whole text', async () => {
    expect(await rareSearchWords(api.database.db, 'crm.example.com customer ACME-4711')).toEqual([
      'customer',
      'acme',
      '4711',
    ]);
    expect(await ids('acme-4711')).toEqual(['exec-1']);
    expect(await ids('customer acme-4711 unknown')).toEqual(['exec-1']);
    // Every word is there, but not as this text.
    expect(await ids('ACME 4711')).toEqual([]);
    expect(await ids('unknown customer')).toEqual([]);
    expect(await ids('"body": {"i": 17}')).toEqual(['exec-1']);
    expect(await ids('internal server')).toEqual(['exec-0', 'exec-1', 'exec-2', 'exec-3']);
    expect(await ids('example.com')).toEqual(['exec-0', 'exec-1', 'exec-2', 'exec-3', 'exec-bulk']);
    expect(await ids('erp.example.com/in')).toEqual(['exec-bulk']);
  });
});
