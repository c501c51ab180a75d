import { type BenchContext, createHandler, publish } from '../lib/context';
import { EVENT_TYPE, HANDLER_PATHS } from '../lib/systems';

/** Two enabled HTTP handlers on the benchmark's event type, published; done once per context. */
export async function ensureThroughputHandlers(ctx: BenchContext): Promise<number[]> {
  const existing = await ctx.sql<{ id: number }[]>`select id from handlers where event = ${EVENT_TYPE} order by id`;
  if (existing.length >= HANDLER_PATHS.length) return existing.map((r) => r.id);
  const ids: number[] = [];
  for (const [i, path] of HANDLER_PATHS.entries()) {
    const h = await createHandler(ctx, {
      name: `bench ${path}`,
      event: EVENT_TYPE,
      target: `${ctx.receiver.url}${path}`,
      priority: i + 1,
    });
    ids.push(h.id);
  }
  await publish(ctx);
  return ids;
}

export interface DbCounts {
  executions: number;
  finished: number;
  succeeded: number;
  logs: number;
}

export async function dbCounts(ctx: BenchContext): Promise<DbCounts> {
  const [row] = await ctx.sql<{ executions: string; finished: string; succeeded: string; logs: string }[]>`
    select (select count(*) from executions) as executions,
           (select count(*) from executions where status <> 'running') as finished,
           (select count(*) from executions where status = 'succeeded') as succeeded,
           (select count(*) from execution_logs) as logs`;
  return {
    executions: Number(row!.executions),
    finished: Number(row!.finished),
    succeeded: Number(row!.succeeded),
    logs: Number(row!.logs),
  };
}
