import { and, asc, eq, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, handlers } from '../schema';

export interface HandlerStatsRow {
  handlerId: number;
  name: string;
  calls: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** ISO 8601 (UTC, milliseconds), or null when no attempt failed. */
  lastFailureAt: string | null;
}

/**
 * Per handler since `since`: attempts (skipped rows are not calls), failed attempts, the median
 * and 95th percentile of their duration (percentile_cont, interpolated), and the last failure.
 * Only handlers with at least one attempt in the window appear; the name is the current one when
 * the handler still exists, else the one it was logged under.
 */
export async function handlerStats(db: Db, since: Date): Promise<HandlerStatsRow[]> {
  const failed = sql`${executionLogs.status} = 'failed'`;
  const perHandler = db
    .select({
      handlerId: executionLogs.handlerId,
      loggedName: sql<string>`max(${executionLogs.handlerName})`.as('logged_name'),
      calls: sql<number>`count(*)::int`.as('calls'),
      failures: sql<number>`(count(*) filter (where ${failed}))::int`.as('failures'),
      p50Ms: sql<number | null>`percentile_cont(0.5) within group (order by ${executionLogs.durationMs})`.as('p50_ms'),
      p95Ms: sql<number | null>`percentile_cont(0.95) within group (order by ${executionLogs.durationMs})`.as('p95_ms'),
      lastFailureAt: sql<
        string | null
      >`to_char(max(${executionLogs.startedAt}) filter (where ${failed}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(
        'last_failure_at'
      ),
    })
    .from(executionLogs)
    .where(and(gte(executionLogs.startedAt, since), ne(executionLogs.status, 'skipped')))
    .groupBy(executionLogs.handlerId)
    .as('per_handler');
  const rows = await db
    .select({
      handlerId: perHandler.handlerId,
      name: sql<string>`coalesce(${handlers.name}, ${perHandler.loggedName})`,
      calls: perHandler.calls,
      failures: perHandler.failures,
      p50Ms: perHandler.p50Ms,
      p95Ms: perHandler.p95Ms,
      lastFailureAt: perHandler.lastFailureAt,
    })
    .from(perHandler)
    .leftJoin(handlers, eq(handlers.id, perHandler.handlerId))
    .orderBy(asc(perHandler.handlerId));
  // Drivers differ on float8 (number or text): normalise, and round to whole milliseconds' tenths.
  const ms = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return rows.map((r) => ({ ...r, p50Ms: ms(r.p50Ms), p95Ms: ms(r.p95Ms) }));
}
