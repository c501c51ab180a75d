import { and, asc, eq, lt, sql } from 'drizzle-orm';
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
    const [gone] = await tx
      .delete(orderingQueue)
      .where(eq(orderingQueue.eventId, eventId))
      .returning({ key: orderingQueue.key });
    if (!gone) return null;
    return firstOfKey(tx, gone.key);
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
  /** Nothing of its key is ahead of it (or it has no row: nothing to wait for). */
  | { turn: 'now' }
  /** The event first in its key, which runs or waits to, and since when it was accepted. */
  | { turn: 'wait'; ahead: QueuedEvent & { acceptedAt: Date } };

/** Whether an event may run: it may when no event of its key was accepted before it and is still queued. */
export async function orderedTurn(db: Db, eventId: string): Promise<OrderedTurn> {
  const [own] = await db
    .select({ key: orderingQueue.key, seq: orderingQueue.seq })
    .from(orderingQueue)
    .where(eq(orderingQueue.eventId, eventId));
  if (!own) return { turn: 'now' };
  const [ahead] = await db
    .select({
      key: orderingQueue.key,
      eventId: orderingQueue.eventId,
      workflowId: orderingQueue.workflowId,
      acceptedAt: orderingQueue.acceptedAt,
    })
    .from(orderingQueue)
    .where(and(eq(orderingQueue.key, own.key), lt(orderingQueue.seq, own.seq)))
    .orderBy(asc(orderingQueue.seq))
    .limit(1);
  return ahead ? { turn: 'wait', ahead } : { turn: 'now' };
}

/** Events queued in all, for the health of the mechanism in tests and metrics. */
export async function orderedEventsQueued(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orderingQueue);
  return row?.n ?? 0;
}
