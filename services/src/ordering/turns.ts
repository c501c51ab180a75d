import { type Db, dequeueOrderedEvent, takeOrderedTurnIfFree } from '@hookline/db';
import { isWorkflowOpen, wakeOrderedEvent } from '@hookline/workflows/client';
import type { Client } from '@temporalio/client';

/** How long an event ahead may stay queued without a running workflow before it counts as gone: its start may be late. */
export const STALE_AFTER_MS = 60_000;

/**
 * Takes an ordered event's turn when it may run now. With `clearStale`, the event it waits for, when accepted over a
 * minute ago and its workflow does not run (ended from outside without leaving the queue, or its start never landed),
 * is taken out first, waking the next event, which may be this one.
 */
export async function takeOrderedTurn(
  db: Db,
  client: Client,
  { eventId, clearStale }: { eventId: string; clearStale: boolean },
  now: () => Date = () => new Date()
): Promise<'now' | 'wait'> {
  const found = await takeOrderedTurnIfFree(db, eventId);
  if (found.turn === 'now') return 'now';
  if (!clearStale) return 'wait';
  const { ahead } = found;
  if (now().getTime() - ahead.acceptedAt.getTime() < STALE_AFTER_MS) return 'wait';
  if (await isWorkflowOpen(client, ahead.workflowId)) return 'wait';
  await releaseOrderedTurn(db, client, ahead.eventId);
  return (await takeOrderedTurnIfFree(db, eventId)).turn;
}

/** Takes an ended event out of its key's queue and wakes the event that is now first in the key. Idempotent. */
export async function releaseOrderedTurn(db: Db, client: Client, eventId: string): Promise<void> {
  const next = await dequeueOrderedEvent(db, eventId);
  if (next) await wakeOrderedEvent(client, next.workflowId);
}
