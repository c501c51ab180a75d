import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../support/postgres';
import { type ApiResponse, type Stack, startStack } from '../support/stack';

const EXECUTIONS = 10_000;
const LOG_ROWS = 100_000;

interface Row {
  id: string | number;
  startedAt: string;
}

/**
 * Keyset pagination at size: 100 000 attempt rows (five to a microsecond, so the id tie-break is
 * exercised), paged through filters while new rows keep arriving — at the top, as new attempts do,
 * and inside the range already paged, as a late write would. Every row that existed when paging
 * began must come exactly once, in strict order, with no OFFSET and no count(*) on the way.
 */
describe('paging through 100 000 log rows while new ones arrive', () => {
  let stack: Stack;
  // Seeding and the arriving rows go through a connection of the test's own.
  let sql: postgres.Sql;
  let seedMs = 0;

  beforeAll(async () => {
    stack = await startStack();
    sql = postgres(stack.config.databaseUrl!, { max: 2, onnotice: () => undefined });
    const seedStarted = Date.now();
    await sql`
      insert into executions (id, event_id, event_type, object_id, payload, status, workflow_id, started_at)
      select 'seed-' || g, 'seed-evt-' || g, 'clients.create', (g % 50)::text, '{}'::jsonb,
             case when g % 3 = 0 then 'failed' else 'succeeded' end, 'event-seed-' || g,
             now() - interval '1 hour' - g * interval '1 second'
      from generate_series(1, ${EXECUTIONS}) g`;
    await sql`
      insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, request,
                                  response_status, response_body, error, started_at, duration_ms)
      select 'seed-' || (1 + g % ${EXECUTIONS}), 1 + g % 4, 'handler ' || (1 + g % 4), 1, g,
             case when g % 5 = 0 then 'failed' else 'succeeded' end,
             jsonb_build_object('url', 'https://crm.example.com/' || g, 'headers', '{}'::jsonb, 'body', '{}'::jsonb),
             case when g % 5 = 0 then 503 else 200 end, 'ok',
             case when g % 5 = 0 then 'HTTP 503 Service Unavailable' end,
             now() - interval '1 hour' - (g % 20000) * interval '137 microseconds', g % 300
      from generate_series(1, ${LOG_ROWS}) g`;
    await sql`analyze executions`;
    await sql`analyze execution_logs`;
    seedMs = Date.now() - seedStarted;
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    if (stack?.config.databaseUrl) await dropDatabase(stack.config.databaseUrl);
  });

  let arrivals = 0;
  /** New attempts for handler 1 that all filters below match: one newer than everything, one in the past. */
  async function arrive(): Promise<void> {
    arrivals++;
    await sql`
      insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, error, started_at)
      values ('seed-1', 1, 'handler 1', 1, ${LOG_ROWS + 2 * arrivals}, 'failed', 'HTTP 503 late', now()),
             ('seed-2', 1, 'handler 1', 1, ${LOG_ROWS + 2 * arrivals + 1}, 'failed', 'HTTP 503 late',
              now() - interval '1 hour' - ${arrivals * 37} * interval '1 millisecond')`;
  }

  async function walk(path: string, limit: number): Promise<Row[]> {
    const seen: Row[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10_000; pages++) {
      const query: string = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res: ApiResponse<{ items: Row[]; nextCursor: string | null }> = await stack.api('GET', query);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
      await arrive();
    }
    throw new Error('paging did not end');
  }

  /** The API's timestamps are milliseconds; PostgreSQL orders by microseconds, so ask it for the true order. */
  async function expectNewestFirst(seen: Row[]): Promise<void> {
    const ids = seen.map((r) => Number(r.id));
    const ordered = await sql<{ id: string }[]>`
      select l.id from execution_logs l where l.id = any(${ids}::bigint[]) order by l.started_at desc, l.id desc`;
    expect(ids).toEqual(ordered.map((r) => Number(r.id)));
  }

  function expectEveryOldRowOnce(seen: Row[], old: (string | number)[]): void {
    const ids = seen.map((r) => String(r.id));
    expect(new Set(ids).size, 'a row came twice').toBe(ids.length);
    const seenIds = new Set(ids);
    const missing = old.filter((id) => !seenIds.has(String(id)));
    expect(missing, 'old rows never returned').toEqual([]);
  }

  it('seeds 100 000 rows in one statement, quickly', () => {
    expect(seedMs).toBeLessThan(20_000);
  });

  it('handler logs: every failed attempt of one handler, exactly once', async () => {
    const old = await sql<
      { id: string }[]
    >`select id::text from execution_logs where handler_id = 1 and status = 'failed'`;
    expect(old.length).toBe(5_000);
    stack.queries.length = 0;
    stack.recordQueries = true;
    const started = Date.now();
    const seen = await walk('/api/handlers/1/logs?status=failed', 100);
    const elapsed = Date.now() - started;
    stack.recordQueries = false;
    expectEveryOldRowOnce(
      seen,
      old.map((r) => r.id)
    );
    await expectNewestFirst(seen);
    expect(seen.length).toBeGreaterThanOrEqual(5_000);
    const pageQueries = stack.queries.filter((q) => /from "execution_logs"/i.test(q) && /order by/i.test(q));
    expect(pageQueries.length).toBeGreaterThanOrEqual(50);
    expect(pageQueries.filter((q) => /\boffset\b|count\(/i.test(q))).toEqual([]);
    // 50 pages with an insert between each, index-served: well under a second a page.
    expect(elapsed / 50).toBeLessThan(500);
  });

  it('handler logs without a status filter: 25 000 rows of one handler', async () => {
    const old = await sql<{ id: string }[]>`select id::text from execution_logs where handler_id = 1`;
    const seen = await walk('/api/handlers/1/logs', 200);
    expectEveryOldRowOnce(
      seen,
      old.map((r) => r.id)
    );
    await expectNewestFirst(seen);
  });

  it('executions: failed ones in which handler 1 took part, exactly once', async () => {
    const old = await sql<{ id: string }[]>`
      select e.id from executions e
      where e.status = 'failed' and exists (select 1 from execution_logs l where l.execution_id = e.id and l.handler_id = 1)`;
    expect(old.length).toBeGreaterThan(500);
    stack.queries.length = 0;
    stack.recordQueries = true;
    const seen = await walk('/api/executions?status=failed&handlerId=1', 100);
    stack.recordQueries = false;
    expectEveryOldRowOnce(
      seen,
      old.map((r) => r.id)
    );
    expect(stack.queries.filter((q) => /\boffset\b|count\(/i.test(q))).toEqual([]);
  });

  it('executions by text: q over the attempts’ requests, responses and errors', async () => {
    const res = await stack.api<{ items: { id: string }[] }>('GET', '/api/executions?q=crm.example.com/77777&limit=10');
    expect(res.status).toBe(200);
    // Attempt 77777 belongs to execution seed-(1 + 77777 % 10000).
    expect(res.body.items.map((e) => e.id)).toEqual([`seed-${1 + (77_777 % EXECUTIONS)}`]);
    const plan = await sql<{ 'QUERY PLAN': string }[]>`
      explain select execution_id from execution_logs
      where (coalesce(request::text, '') || ' ' || coalesce(response_headers::text, '') || ' ' ||
             coalesce(response_body, '') || ' ' || coalesce(error, '')) ilike '%crm.example.com/77777%'`;
    // Each day partition has its own copy of the trigram index: those holding rows are read through it (an empty
    // day may be read as it is, which costs nothing).
    const copies = await sql<{ name: string }[]>`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'execution_logs_search_trgm_idx'::regclass`;
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(copies.filter((c) => text.includes(c.name)).length).toBeGreaterThan(0);
  });
});
