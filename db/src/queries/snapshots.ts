import { desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../database';
import { handlerSnapshots, handlers, type HandlerRow, type HandlerSnapshotRow } from '../schema';

/** NOTIFY channel on which a new snapshot version is announced (payload: the version). */
export const SNAPSHOT_CHANNEL = 'hookline_snapshot';

export async function latestSnapshot(db: Db): Promise<HandlerSnapshotRow | null> {
  const [row] = await db.select().from(handlerSnapshots).orderBy(desc(handlerSnapshots.version)).limit(1);
  return row ?? null;
}

export async function snapshotByVersion(db: Db, version: number): Promise<HandlerSnapshotRow | null> {
  const [row] = await db.select().from(handlerSnapshots).where(eq(handlerSnapshots.version, version));
  return row ?? null;
}

export async function latestSnapshotMeta(
  db: Db
): Promise<Pick<HandlerSnapshotRow, 'version' | 'hash' | 'createdAt'> | null> {
  const [row] = await db
    .select({ version: handlerSnapshots.version, hash: handlerSnapshots.hash, createdAt: handlerSnapshots.createdAt })
    .from(handlerSnapshots)
    .orderBy(desc(handlerSnapshots.version))
    .limit(1);
  return row ?? null;
}

export async function insertSnapshot(
  db: Db,
  snapshot: { hash: string; handlers: unknown[]; reason: string }
): Promise<HandlerSnapshotRow> {
  const [row] = await db.insert(handlerSnapshots).values(snapshot).returning();
  if (!row) throw new Error('insert into handler_snapshots returned no row');
  return row;
}

/** Every handler that could be compiled into a snapshot (archived ones never run). */
export async function activeHandlerRows(db: Db): Promise<HandlerRow[]> {
  return db.select().from(handlers).where(ne(handlers.status, 'archived'));
}
