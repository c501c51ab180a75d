import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { summarize } from '../lib/stats';
import type { Options, ScenarioResult } from '../lib/types';
import { SEED_HANDLER_BASE, seedLog } from './logs-seed';
import { timeRetention } from './logs-retention';

const DAY_MS = 86_400_000;
/** Retention run at the end: a 30-day log with a 27-day retention has about three days to drop. */
const RETENTION_DAYS = 27;

/**
 * Seeds `rows` execution-log rows over 30 days (see `seedLog`), then times every list endpoint (each filter, first and
 * deep page, and `q`) with `logClients` concurrent clients, and last the daily retention on that log, with the
 * latency of concurrent attempt inserts before and during it.
 */
export async function logs(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  const now = Date.now();
  const seeded = await seedLog(ctx.sql, options.logRows, now);
  const { executions, seconds: seedSeconds } = seeded;
  const [{ count }] = (await ctx.sql`select count(*)::int as count from execution_logs`) as unknown as [
    { count: number },
  ];

  const handlerId = SEED_HANDLER_BASE + 3;
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
  const retention = await timeRetention(ctx, RETENTION_DAYS, options.smoke ? 1 : 10);
  for (const [name, inserts] of [
    ['attempt insert, before retention', retention.insertsBefore],
    ['attempt insert, during retention', retention.insertsDuring],
  ] as const) {
    rows.push({ query: name, items: 1, n: inserts.n, p50: inserts.p50, p95: inserts.p95, p99: inserts.p99 });
  }
  const dropped = retention.result.droppedPartitions.length;
  return {
    scenario: 'logs',
    title: `Log queries at ${count} execution_logs rows, ${options.logClients} concurrent clients (ms)`,
    rows,
    ledger: {
      balanced: errors.length === 0 && count >= options.logRows,
      lines: [
        `seeded ${count} log rows over ${executions} executions and ${seeded.days} day partitions in ${seedSeconds.toFixed(1)} s, ANALYZE included`,
        `retention at ${retention.retentionDays} days: ${retention.seconds.toFixed(1)} s in all; partitions (create ahead, drop ${dropped} days) ${retention.partitionSeconds.toFixed(1)} s; ${retention.result.deleted} executions deleted in batches`,
        ...errors,
      ],
    },
    goals: [
      { goal: 'log queries p99 ≤ 50 ms at any depth', value: `worst p99 ${worst} ms`, met: worst <= 50 },
      {
        goal: 'retention drops old days whole',
        value: `${dropped} partitions dropped`,
        met: options.smoke || dropped > 0,
      },
    ],
    notes: [
      'every query was sent once from every client before timing (warm-up, not counted)',
      'attempt inserts: 2 writers, one insert at a time each (the statement recordAttempt sends), 5 ms apart',
    ],
    data: { seedSeconds, rows, retention },
  };
}
