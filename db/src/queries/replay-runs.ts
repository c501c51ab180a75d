import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { replays, type NewReplayRow, type ReplayRow } from '../schema';

export interface ReplayCounts {
  done: number;
  failed: number;
  skipped: number;
}

/** Idempotent on the id: the API inserts the row before starting the workflow, which ensures it again. */
export async function ensureReplayRun(db: Db, values: NewReplayRow): Promise<ReplayRow> {
  await db.insert(replays).values(values).onConflictDoNothing({ target: replays.id });
  const row = await replayRunById(db, values.id);
  if (!row) throw new Error(`replay ${values.id} vanished right after it was inserted`);
  return row;
}

export async function replayRunById(db: Db, id: string): Promise<ReplayRow | null> {
  const [row] = await db.select().from(replays).where(eq(replays.id, id));
  return row ?? null;
}

/** Undoes an insert whose workflow could not be started. */
export async function deleteReplayRun(db: Db, id: string): Promise<void> {
  await db.delete(replays).where(eq(replays.id, id));
}

/** Set once: a retried count must not change the total that progress is measured against. */
export async function setReplayRunTotal(db: Db, id: string, total: number): Promise<number> {
  await db
    .update(replays)
    .set({ total })
    .where(and(eq(replays.id, id), isNull(replays.total)));
  const row = await replayRunById(db, id);
  return row?.total ?? total;
}

/**
 * Progress of a running bulk replay; a finished one keeps its final counts. Counts only grow, so
 * a write that arrives late (from a run that has since continued as new) cannot set them back.
 */
export async function recordReplayRunProgress(db: Db, id: string, counts: ReplayCounts): Promise<void> {
  await db
    .update(replays)
    .set({
      done: sql`greatest(${replays.done}, ${counts.done})`,
      failed: sql`greatest(${replays.failed}, ${counts.failed})`,
      skipped: sql`greatest(${replays.skipped}, ${counts.skipped})`,
    })
    .where(and(eq(replays.id, id), eq(replays.status, 'running')));
}

export async function finishReplayRun(
  db: Db,
  id: string,
  outcome: ReplayCounts & { status: Exclude<ReplayRow['status'], 'running'>; error: string | null }
): Promise<void> {
  await db
    .update(replays)
    .set({ ...outcome, finishedAt: sql`now()` })
    .where(and(eq(replays.id, id), eq(replays.status, 'running')));
}
