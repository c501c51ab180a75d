/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON, read and checked by the assertions themselves */
import { auditLog } from '@hookline/db';
import { AuditEntry } from '@hookline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
let first: { id: number; version: number; secret: string };
let second: { id: number };
beforeAll(async () => {
  api = await startTestApi();
  first = (await api.request('/api/handlers', { method: 'POST', body: handlerBody({ secret: 'generate' }) })).body;
  second = (await api.request('/api/handlers', { method: 'POST', body: handlerBody({ name: 'Other' }) })).body;
  // Five changes to the first handler, one of them a secret rotation.
  let version = first.version;
  for (const name of ['v2', 'v3', 'v4']) {
    version = (await api.request(`/api/handlers/${first.id}`, { method: 'PATCH', body: { version, name } })).body
      .version;
  }
  await api.request(`/api/handlers/${first.id}`, { method: 'PATCH', body: { version, secret: 'generate' } });
});
afterAll(() => api.close());

async function walk(query: string, limit: number): Promise<AuditEntry[]> {
  const seen: AuditEntry[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res = await api.request(`/api/audit?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((e: unknown) => AuditEntry.parse(e)));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging did not end');
}

describe('GET /api/audit', () => {
  it('pages every change newest first, each once', async () => {
    const all = await walk('', 2);
    expect(all.map((e) => e.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(all.map((e) => e.action)).toEqual([
      'handler.update',
      'handler.update',
      'handler.update',
      'handler.update',
      'handler.create',
      'handler.create',
    ]);
  });

  it("filters one handler's changes, with actor, before and after", async () => {
    const mine = await walk(`&handlerId=${first.id}`, 3);
    expect(mine).toHaveLength(5);
    expect(mine.every((e) => e.handlerId === first.id && e.actor === 'admin (HOOKLINE_ADMIN_KEY)')).toBe(true);
    expect(mine[3]).toMatchObject({ before: { name: 'Notify CRM', version: 1 }, after: { name: 'v2', version: 2 } });
    expect((await walk(`&handlerId=${second.id}`, 3)).map((e) => e.action)).toEqual(['handler.create']);
  });

  it('never records a secret, only whether there is one', async () => {
    const rows = await api.database.db.select().from(auditLog);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain(first.secret);
    expect(rows.at(-1)).toMatchObject({ before: { hasSecret: true }, after: { hasSecret: true } });
  });

  it('refuses a bad cursor, limit or handler id with 400', async () => {
    for (const [query, path] of [
      ['cursor=abc', 'cursor'],
      ['limit=0', 'limit'],
      ['handlerId=x', 'handlerId'],
    ]) {
      const res = await api.request(`/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0].path).toBe(path);
    }
  });
});
