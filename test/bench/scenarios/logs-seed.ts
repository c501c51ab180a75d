import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';

const DAY_MS = 86_400_000;
/** Executions inserted per statement: big enough to be quick, small enough for PostgreSQL's memory and WAL. */
const EXECUTIONS_PER_BATCH = 250_000;
/** Handler ids far above the ones the API assigns, so seeded rows never meet real handlers. */
export const SEED_HANDLER_BASE = 900_000;

export interface SeededLog {
  executions: number;
  days: number;
  seconds: number;
}

function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Seeds `rows` execution-log rows, two per execution (10 % failed, 4 handlers, 4 event types), evenly over the 30
 * days before now, then runs ANALYZE. Executions go in with INSERT … SELECT generate_series in batches. Attempt rows
 * are written day by day into a bare table that is then attached as that day's partition, so that PostgreSQL builds
 * each partition's indexes once in bulk (as a restore does) instead of updating them row by row; a day that has its
 * partition already (today, made at start) is filled in place.
 */
export async function seedLog(sql: postgres.Sql, rows: number, now: number): Promise<SeededLog> {
  const t0 = performance.now();
  const executions = Math.ceil(rows / 2);
  const base = now - 30 * DAY_MS;
  const stepMs = (30 * DAY_MS) / executions;
  await sql.unsafe(`set maintenance_work_mem = '256MB'`);
  for (let first = 1; first <= executions; first += EXECUTIONS_PER_BATCH) {
    const last = Math.min(executions, first + EXECUTIONS_PER_BATCH - 1);
    await sql.unsafe(`
      insert into executions (id, event_id, event_type, object_id, payload, status, snapshot_version, workflow_id,
                              started_at, finished_at, handlers_total, succeeded, failed, skipped)
      select 'seed-' || g, 'seed-ev-' || g,
             (array['clients.create','clients.update','clients.subscriptions.renew','clients.accounts.create'])[1 + g % 4],
             (g % 50000)::text, jsonb_build_object('id', 'seed-ev-' || g, 'data', jsonb_build_object('n', g)),
             case when g % 10 = 0 then 'failed' else 'succeeded' end, 1, 'event-seed-ev-' || g,
             timestamptz '${new Date(base).toISOString()}' + g * interval '1 millisecond' * ${stepMs},
             timestamptz '${new Date(base).toISOString()}' + g * interval '1 millisecond' * ${stepMs} + interval '40 ms',
             2, case when g % 10 = 0 then 1 else 2 end, case when g % 10 = 0 then 1 else 0 end, 0
      from generate_series(${first}, ${last}) g`);
  }
  const existing = new Set(
    (
      await sql<{ name: string }[]>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'execution_logs'::regclass`
    ).map((r) => r.name)
  );
  let days = 0;
  for (let day = Math.floor(base / DAY_MS) * DAY_MS; day <= now; day += DAY_MS) {
    const name = `execution_logs_p${isoDay(day).replaceAll('-', '')}`;
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    const fresh = !existing.has(name);
    if (fresh) await sql.unsafe(`create table ${name} (like execution_logs including defaults)`);
    // An attempt starts 10 or 20 ms after its execution, so a day's attempts belong to executions started from a
    // moment before it; the execution's started_at is copied as the insert trigger would (a bare table has none).
    await sql.unsafe(`
      insert into ${name} (execution_id, handler_id, handler_name, priority, attempt, status, request,
                           response_status, response_body, started_at, duration_ms, execution_started_at)
      select id, handler_id, handler_name, priority, attempt, status, request, response_status, response_body,
             attempt_started_at, duration_ms, execution_started_at
      from (
        select e.id, ${SEED_HANDLER_BASE} + (g2 - 1) * 2 + (e.started_at::date - date '2000-01-01') % 2 as handler_id,
               'seed handler ' || g2 as handler_name, g2 as priority, 1 as attempt,
               case when g2 = 2 and e.status = 'failed' then 'failed' else 'succeeded' end as status,
               jsonb_build_object('url', 'https://crm.example.com/hook/' || e.object_id, 'headers', '{}'::jsonb,
                                  'body', '{}'::jsonb) as request,
               case when g2 = 2 and e.status = 'failed' then 503 else 200 end as response_status,
               'ok' as response_body, e.started_at + g2 * interval '10 ms' as attempt_started_at,
               12 as duration_ms, e.started_at as execution_started_at
        from executions e cross join generate_series(1, 2) g2
        where e.id like 'seed-%' and e.started_at >= timestamptz '${from}' - interval '1 second'
          and e.started_at < timestamptz '${to}'
      ) a
      where attempt_started_at >= timestamptz '${from}' and attempt_started_at < timestamptz '${to}'`);
    if (fresh) {
      await sql.unsafe(`alter table execution_logs attach partition ${name} for values from ('${from}') to ('${to}')`);
    }
    days++;
  }
  await sql.unsafe('analyze executions; analyze execution_logs');
  return { executions, days, seconds: (performance.now() - t0) / 1000 };
}
