import type { HandlerHealthFacts } from '@hookline/domain';
import { and, eq, gt, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, handlers, type HandlerRow } from '../schema';

type CallStatus = 'succeeded' | 'failed';
const CALLS: CallStatus[] = ['succeeded', 'failed'];

/**
 * Calls (skips left out) and failed calls per handler that started in `[from, to)`. Reads the day partitions of the
 * window only, through `execution_logs_started_idx`; a handler without calls is absent.
 */
export async function callCountsSince(
  db: Db,
  from: Date,
  to: Date
): Promise<Map<number, { calls: number; failures: number }>> {
  const rows = await db
    .select({
      handlerId: executionLogs.handlerId,
      calls: sql<number>`count(*)::int`,
      failures: sql<number>`(count(*) filter (where ${executionLogs.status} = 'failed'))::int`,
    })
    .from(executionLogs)
    .where(
      and(gte(executionLogs.startedAt, from), lt(executionLogs.startedAt, to), inArray(executionLogs.status, CALLS))
    )
    .groupBy(executionLogs.handlerId);
  return new Map(rows.map((r) => [r.handlerId, { calls: Number(r.calls), failures: Number(r.failures) }]));
}

async function anyCallAfter(db: Db, handlerId: number, status: CallStatus, after: Date): Promise<boolean> {
  // execution_logs_handler_status_started_idx: one index probe per day partition after the cut-off.
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(executionLogs)
    .where(
      and(eq(executionLogs.handlerId, handlerId), eq(executionLogs.status, status), gt(executionLogs.startedAt, after))
    )
    .limit(1);
  return row !== undefined;
}

/**
 * The calls of one handler around `cutoff`, counting only those since the handler last changed (see
 * `HandlerHealthFacts.streak`). The later probes run only when the first finds a failed call to start a streak from.
 */
export async function failureStreakFacts(
  db: Db,
  handler: Pick<HandlerRow, 'id' | 'updatedAt'>,
  cutoff: Date
): Promise<HandlerHealthFacts['streak']> {
  const none = { lastBefore: null, succeededAfter: false, failedAfter: false };
  if (handler.updatedAt > cutoff) return none;
  // execution_logs_handler_started_idx, newest first, bounded below by the handler's last change.
  const [last] = await db
    .select({ status: executionLogs.status, startedAt: executionLogs.startedAt })
    .from(executionLogs)
    .where(
      and(
        eq(executionLogs.handlerId, handler.id),
        lte(executionLogs.startedAt, cutoff),
        gte(executionLogs.startedAt, handler.updatedAt),
        inArray(executionLogs.status, CALLS)
      )
    )
    .orderBy(sql`${executionLogs.startedAt} desc`, sql`${executionLogs.id} desc`)
    .limit(1);
  if (!last) return none;
  const lastBefore = { status: last.status as CallStatus, startedAt: last.startedAt };
  if (lastBefore.status !== 'failed') return { lastBefore, succeededAfter: false, failedAfter: false };
  const succeededAfter = await anyCallAfter(db, handler.id, 'succeeded', cutoff);
  const failedAfter = succeededAfter ? false : await anyCallAfter(db, handler.id, 'failed', cutoff);
  return { lastBefore, succeededAfter, failedAfter };
}

/**
 * The start of the latest call of one handler that answered 410 Gone, since `since` (the later of the handler's last
 * change and the policy's look-back); null when none did. Through execution_logs_handler_status_started_idx (the
 * handler's failed calls, newest first), over the day partitions since `since`.
 */
export async function latestGoneSince(db: Db, handlerId: number, since: Date): Promise<Date | null> {
  const [row] = await db
    .select({ startedAt: executionLogs.startedAt })
    .from(executionLogs)
    .where(
      and(
        eq(executionLogs.handlerId, handlerId),
        eq(executionLogs.status, 'failed'),
        gte(executionLogs.startedAt, since),
        eq(executionLogs.responseStatus, 410)
      )
    )
    .orderBy(sql`${executionLogs.startedAt} desc`)
    .limit(1);
  return row?.startedAt ?? null;
}

/** The handlers the periodic check judges: the enabled ones, and those still carrying a failing mark. */
export async function handlersToJudge(db: Db): Promise<HandlerRow[]> {
  return db
    .select()
    .from(handlers)
    .where(or(eq(handlers.status, 'enabled'), isNotNull(handlers.failingSince)))
    .orderBy(handlers.id);
}

/** The row locked for a change by the system; null when it is gone. */
export async function lockHandler(db: Db, id: number): Promise<HandlerRow | null> {
  const [row] = await db.select().from(handlers).where(eq(handlers.id, id)).for('update');
  return row ?? null;
}

/**
 * Disables an enabled handler on the system's behalf, whatever its version (the system's decision does not depend on
 * what a person last saw), and bumps the version so that a person's stale write is refused. Clears the failing mark:
 * a disabled handler does not run. Null when the handler is no longer enabled (someone else got there first).
 */
export async function disableHandlerAsSystem(db: Db, id: number, reason: string): Promise<HandlerRow | null> {
  const [row] = await db
    .update(handlers)
    .set({
      status: 'disabled',
      statusReason: reason,
      failingSince: null,
      version: sql`${handlers.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(handlers.id, id), eq(handlers.status, 'enabled')))
    .returning();
  return row ?? null;
}

/**
 * Sets or clears the failing mark. A health mark, not a change of the handler's configuration: neither the version
 * nor `updated_at` moves, so that an editor's pending edit is not refused for it. Null when the mark already was so.
 */
export async function setFailingSince(db: Db, id: number, since: Date | null): Promise<HandlerRow | null> {
  const [row] = await db
    .update(handlers)
    .set({ failingSince: since })
    .where(
      and(
        eq(handlers.id, id),
        since === null ? isNotNull(handlers.failingSince) : sql`${handlers.failingSince} is null`
      )
    )
    .returning();
  return row ?? null;
}
