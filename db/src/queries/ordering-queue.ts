import { and, asc, desc, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { orderingQueue } from '../schema';

export interface QueuedEvent {
  key: string;
  eventId: string;
  workflowId: string;
}

/**
 * Puts an accepted event at the back of its key's queue. Idempotent on the event id: a repeated post keeps the first
 * place. `inserted` says whether this call made the row.
 */
export async function enqueueOrderedEvent(db: Db, event: QueuedEvent): Promise<{ inserted: boolean }> {
  const rows = await db
    .insert(orderingQueue)
    .values(event)
    .onConflictDoNothing({ target: orderingQueue.eventId })
    .returning({ seq: orderingQueue.seq });
  return { inserted: rows.length > 0 };
}

/** Takes an event out of its key's queue; answers the event now first in that key, if any. */
export async function dequeueOrderedEvent(db: Db, eventId: string): Promise<QueuedEvent | null> {
  return db.transaction(async (tx) => {
    const [own] = await tx
      .select({ key: orderingQueue.key })
      .from(orderingQueue)
      .where(eq(orderingQueue.eventId, eventId));
    if (!own) return null;
    // The key's lock first, as a turn takes it: a release and a turn of one key never interleave.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${own.key}, 0))`);
    const gone = await tx
      .delete(orderingQueue)
      .where(eq(orderingQueue.eventId, eventId))
      .returning({ seq: orderingQueue.seq });
    if (gone.length === 0) return null;
    return firstOfKey(tx, own.key);
  });
}

async function firstOfKey(db: Db, key: string): Promise<QueuedEvent | null> {
  const [next] = await db
    .select({ key: orderingQueue.key, eventId: orderingQueue.eventId, workflowId: orderingQueue.workflowId })
    .from(orderingQueue)
    .where(eq(orderingQueue.key, key))
    .orderBy(asc(orderingQueue.seq))
    .limit(1);
  return next ?? null;
}

export type OrderedTurn =
  /** It runs now: nothing of its key is ahead of it or running (or it has no row: nothing to wait for). */
  | { turn: 'now' }
  /** What it waits for: the event of its key that runs, or else the first one accepted before it. */
  | { turn: 'wait'; ahead: QueuedEvent & { acceptedAt: Date } };

/**
 * Takes an event's turn if it may run: when no event of its key accepted before it is still queued and none runs.
 * One transaction per key at a time (an advisory lock on the key), so that two events of a key posted at the same
 * moment, whose rows commit in another order than their numbers, never both run.
 */
export async function takeOrderedTurnIfFree(db: Db, eventId: string): Promise<OrderedTurn> {
  return db.transaction(async (tx) => {
    const [own] = await tx
      .select({ key: orderingQueue.key, seq: orderingQueue.seq, running: orderingQueue.running })
      .from(orderingQueue)
      .where(eq(orderingQueue.eventId, eventId));
    if (!own) return { turn: 'now' };
    if (own.running) return { turn: 'now' };
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${own.key}, 0))`);
    const [ahead] = await tx
      .select({
        key: orderingQueue.key,
        eventId: orderingQueue.eventId,
        workflowId: orderingQueue.workflowId,
        acceptedAt: orderingQueue.acceptedAt,
      })
      .from(orderingQueue)
      .where(
        and(
          eq(orderingQueue.key, own.key),
          ne(orderingQueue.eventId, eventId),
          or(lt(orderingQueue.seq, own.seq), eq(orderingQueue.running, true))
        )
      )
      .orderBy(desc(orderingQueue.running), asc(orderingQueue.seq))
      .limit(1);
    if (ahead) return { turn: 'wait', ahead };
    await tx.update(orderingQueue).set({ running: true }).where(eq(orderingQueue.eventId, eventId));
    return { turn: 'now' };
  });
}

/** Events queued in all, for the health of the mechanism in tests and metrics. */
export async function orderedEventsQueued(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orderingQueue);
  return row?.n ?? 0;
}
