import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../support/postgres';
import { type ApiResponse, type Stack, startStack } from '../support/stack';

const EXECUTIONS = 600;
/** The executions are spread over this many days before now, one every 96 minutes. */
const DAYS = 40;

const SEARCHED = `(coalesce(request::text, '') || ' ' || coalesce(response_headers::text, '') || ' ' ||
  coalesce(response_body, '') || ' ' || coalesce(error, ''))`;

/**
 * `q` searches window by window back from the page's start, each window reading the day partitions around it and the
 * attempts far from their execution's start from an index of their own. Here the matches span 40 day partitions, some
 * executions match only through an attempt hours or days after their start (a late retry) or hours before it (clocks
 * apart), and one execution starts in the future: every page must hold what one query over the whole log would give,
 * in the same order.
 */
describe('q over many day partitions', () => {
  let stack: Stack;
  let sql: postgres.Sql;

  beforeAll(async () => {
    stack = await startStack();
    sql = postgres(stack.config.databaseUrl!, { max: 2, onnotice: () => undefined });
    await sql`select execution_logs_ensure_partitions((now() - ${`${DAYS + 2} days`}::interval)::date, now()::date)`;
    await sql`
      insert into executions (id, event_id, event_type, object_id, payload, status, workflow_id, started_at)
      select 'win-' || g, 'win-evt-' || g, 'clients.create', (g % 7)::text, '{}'::jsonb,
             case when g % 3 = 0 then 'failed' else 'succeeded' end, 'event-win-' || g,
             now() - g * interval '96 minutes'
      from generate_series(1, ${EXECUTIONS}) g
      union all
      select 'win-future', 'win-evt-future', 'clients.create', '0', '{}'::jsonb, 'succeeded', 'event-win-future',
             now() + interval '3 days'`;
    // One attempt 10 ms after each execution; some have another much later (a retry after a long wait) or before it.
    await sql`
      insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, request,
                                  response_status, response_body, started_at, duration_ms)
      select e.id, 7, 'crm', 1, 1, 'succeeded',
             jsonb_build_object('url', 'https://crm.example.com/hook', 'headers', '{}'::jsonb, 'body', '{}'::jsonb),
             200, 'customer quokka-' || (coalesce(nullif(substr(e.id, 5), 'future'), '7')::int % 20),
             e.started_at + interval '10 ms', 12
      from executions e where e.id like 'win-%'`;
    await sql`
      insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, response_status,
                                  response_body, started_at, duration_ms)
      select e.id, 7, 'crm', 1, 2, 'succeeded', 200, 'late wombat-5', e.started_at + interval '3 hours', 12
      from executions e where e.id like 'win-%' and e.id <> 'win-future' and substr(e.id, 5)::int % 37 = 0
      union all
      select e.id, 7, 'crm', 1, 3, 'succeeded', 200, 'late again wombat-5', e.started_at + interval '2 days', 12
      from executions e where e.id like 'win-%' and e.id <> 'win-future' and substr(e.id, 5)::int % 41 = 0
        and e.started_at < now() - interval '2 days'
      union all
      select e.id, 7, 'crm', 1, 0, 'succeeded', 200, 'early wombat-5', e.started_at - interval '2 hours', 12
      from executions e where e.id like 'win-%' and e.id <> 'win-future' and substr(e.id, 5)::int % 43 = 0`;
    await sql`analyze executions`;
    await sql`analyze execution_logs`;
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    if (stack?.config.databaseUrl) await dropDatabase(stack.config.databaseUrl);
  });

  async function walk(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const path = `/api/executions?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res: ApiResponse<{ items: { id: string }[]; nextCursor: string | null }> = await stack.api('GET', path);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  }

  /** What one query over the whole log gives. */
  async function expected(text: string, where = sql`true`): Promise<string[]> {
    const rows = await sql<{ id: string }[]>`
      select e.id from executions e
      where ${where} and e.id in (select execution_id from execution_logs where ${sql.unsafe(SEARCHED)} ilike ${`%${text}%`})
      order by e.started_at desc, e.id desc`;
    return rows.map((r) => r.id);
  }

  it('spreads its rows over the day partitions, and holds attempts far from their execution', async () => {
    const [counted] = await sql<{ partitions: number }[]>`
      select count(distinct tableoid)::int as partitions from execution_logs where execution_id like 'win-%'`;
    expect(counted?.partitions).toBeGreaterThanOrEqual(DAYS);
    const [far] = await sql<{ distant: number }[]>`
      select count(*)::int as distant from execution_logs
      where abs(extract(epoch from started_at - execution_started_at)) > 3600`;
    expect(far?.distant).toBeGreaterThan(20);
  });

  it.each([
    ['a text in few executions', 'quokka-7', 4],
    ['a text in most executions', 'quokka-1', 25],
    ['a text only in attempts far from their execution', 'wombat-5', 3],
    ['a text in every attempt of a kind', 'late', 10],
    ['a text in every execution', 'customer quokka', 50],
  ])('%s: pages of the whole result, newest first', async (_, text, limit) => {
    const all = await expected(text);
    expect(all.length).toBeGreaterThan(limit);
    expect(await walk(`q=${encodeURIComponent(text)}`, limit)).toEqual(all);
  });

  it('with other filters and a time range', async () => {
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 5 * 86_400_000).toISOString();
    expect(await walk(`q=wombat-5&status=failed`, 2)).toEqual(await expected('wombat-5', sql`e.status = 'failed'`));
    expect(await walk(`q=quokka-1&from=${from}&to=${to}`, 9)).toEqual(
      await expected('quokka-1', sql`e.started_at >= ${from}::timestamptz and e.started_at < ${to}::timestamptz`)
    );
    expect(await walk(`q=wombat-5&handlerId=7&objectId=0`, 1)).toEqual(
      await expected('wombat-5', sql`e.object_id = '0'`)
    );
    expect(await walk(`q=no such text anywhere`, 5)).toEqual([]);
  });
});
