import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { summarize } from '../lib/stats';
import type { Options, ScenarioResult } from '../lib/types';

const DAY_MS = 86_400_000;

/**
 * Seeds `rows` execution-log rows (two per execution, 10 % failed, over 30 days, 4 handlers, 4 event types) in bulk
 * with INSERT … SELECT generate_series, then times the list endpoints with 10 concurrent clients.
 */
export async function logs(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  const executions = Math.ceil(options.logRows / 2);
  const t0 = performance.now();
  const now = Date.now();
  const base = new Date(now - 30 * DAY_MS).toISOString();
  // Handler ids far above the ones the API assigns, so seeded rows never meet real handlers.
  await ctx.sql.unsafe(`
    insert into executions (id, event_id, event_type, object_id, payload, status, snapshot_version, workflow_id,
                            started_at, finished_at, handlers_total, succeeded, failed, skipped)
    select 'seed-' || g, 'seed-ev-' || g,
           (array['clients.create','clients.update','clients.subscriptions.renew','clients.accounts.create'])[1 + g % 4],
           (g % 50000)::text, jsonb_build_object('id', 'seed-ev-' || g, 'data', jsonb_build_object('n', g)),
           case when g % 10 = 0 then 'failed' else 'succeeded' end, 1, 'event-seed-ev-' || g,
           timestamptz '${base}' + (g * interval '1 millisecond' * ${Math.floor((30 * DAY_MS) / executions)}),
           timestamptz '${base}' + (g * interval '1 millisecond' * ${Math.floor((30 * DAY_MS) / executions)}) + interval '40 ms',
           2, case when g % 10 = 0 then 1 else 2 end, case when g % 10 = 0 then 1 else 0 end, 0
    from generate_series(1, ${executions}) g`);
  await ctx.sql.unsafe(`
    insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status, request,
                                response_status, response_body, started_at, duration_ms)
    select e.id, 900000 + (g2 - 1) * 2 + (e.started_at::date - date '2000-01-01') % 2, 'seed handler ' || g2, g2, 1,
           case when g2 = 2 and e.status = 'failed' then 'failed' else 'succeeded' end,
           jsonb_build_object('url', 'https://crm.example.com/hook/' || e.object_id, 'headers', '{}'::jsonb, 'body', '{}'::jsonb),
           case when g2 = 2 and e.status = 'failed' then 503 else 200 end, 'ok',
           e.started_at + (g2 * interval '10 ms'), 12
    from executions e cross join generate_series(1, 2) g2
    where e.id like 'seed-%'`);
  await ctx.sql.unsafe('analyze executions; analyze execution_logs');
  const seedSeconds = (performance.now() - t0) / 1000;
  const [{ count }] = (await ctx.sql`select count(*)::int as count from execution_logs`) as unknown as [
    { count: number },
  ];

  const handlerId = 900003;
  const deep = Math.floor(executions * 0.9);
  const [execKey] = await ctx.sql<{ started_at: Date; id: string }[]>`
    select started_at, id from executions order by started_at desc, id desc offset ${deep} limit 1`;
  const [logKey] = await ctx.sql<{ started_at: Date; id: string }[]>`
    select started_at, id::text as id from execution_logs where handler_id = ${handlerId}
    order by started_at desc, id desc offset ${Math.floor(deep / 2)} limit 1`;
  const execCursor = Buffer.from(
    JSON.stringify({ startedAt: execKey!.started_at.toISOString(), id: execKey!.id })
  ).toString('base64url');
  const logCursor = Buffer.from(JSON.stringify({ at: logKey!.started_at.toISOString(), id: logKey!.id })).toString(
    'base64url'
  );
  const from = new Date(now - 20 * DAY_MS).toISOString();
  const to = new Date(now - 10 * DAY_MS).toISOString();
  const filters: [string, string][] = [
    ['none', ''],
    ['status', 'status=failed'],
    ['event', 'event=clients.update'],
    ['handlerId', `handlerId=${handlerId}`],
    ['objectId', 'objectId=4242'],
    ['from', `from=${encodeURIComponent(from)}`],
    ['to', `to=${encodeURIComponent(to)}`],
    ['q', 'q=crm.example.com/hook/4242'],
  ];
  const logFilters: [string, string][] = [
    ['none', ''],
    ['status', 'status=failed'],
    ['from', `from=${encodeURIComponent(from)}`],
    ['to', `to=${encodeURIComponent(to)}`],
  ];
  const shapes: { name: string; path: string }[] = [];
  for (const [name, filter] of filters) {
    shapes.push({ name: `executions ${name} first`, path: `/api/executions?${filter}` });
    shapes.push({
      name: `executions ${name} deep`,
      path: `/api/executions?${filter}${filter ? '&' : ''}cursor=${execCursor}`,
    });
  }
  for (const [name, filter] of logFilters) {
    shapes.push({ name: `handler logs ${name} first`, path: `/api/handlers/${handlerId}/logs?${filter}` });
    shapes.push({
      name: `handler logs ${name} deep`,
      path: `/api/handlers/${handlerId}/logs?${filter}${filter ? '&' : ''}cursor=${logCursor}`,
    });
  }
  const rows: Record<string, unknown>[] = [];
  const errors: string[] = [];
  let worst = 0;
  // Warm-up, not timed: every shape once from every client, so that the API's connections, the first run of each
  // prepared query and JIT compilation are not counted as the steady state's tail.
  await Promise.all(
    Array.from({ length: options.logClients }, async () => {
      for (const shape of shapes) {
        const res = await fetch(`${ctx.apiUrl}${shape.path}`, { headers: { authorization: `Bearer ${ctx.adminKey}` } });
        await res.arrayBuffer();
      }
    })
  );
  for (const shape of shapes) {
    const times: number[] = [];
    let items = 0;
    const client = async () => {
      for (let i = 0; i < options.logRequests; i++) {
        const s = performance.now();
        const res = await fetch(`${ctx.apiUrl}${shape.path}`, { headers: { authorization: `Bearer ${ctx.adminKey}` } });
        const body = (await res.json()) as { items?: unknown[] };
        times.push(performance.now() - s);
        if (res.status !== 200) {
          if (errors.length < 5) errors.push(`${shape.path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        } else items = body.items?.length ?? 0;
      }
    };
    await Promise.all(Array.from({ length: options.logClients }, client));
    const s = summarize(times);
    worst = Math.max(worst, s.p99);
    rows.push({ query: shape.name, items, n: s.n, p50: s.p50, p95: s.p95, p99: s.p99 });
  }
  return {
    scenario: 'logs',
    title: `Log queries at ${count} execution_logs rows, ${options.logClients} concurrent clients (ms)`,
    rows,
    ledger: {
      balanced: errors.length === 0 && count >= options.logRows,
      lines: [`seeded ${count} log rows over ${executions} executions in ${seedSeconds.toFixed(1)} s`, ...errors],
    },
    goals: [{ goal: 'log queries p99 ≤ 50 ms at any depth', value: `worst p99 ${worst} ms`, met: worst <= 50 }],
    notes: ['every query was sent once from every client before timing (warm-up, not counted)'],
    data: { seedSeconds, rows },
  };
}
