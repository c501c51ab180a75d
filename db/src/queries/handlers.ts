import type { HandlerHealthFilter } from '@hookline/domain';
import { and, asc, eq, ilike, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { handlers, type HandlerRow, type NewHandlerRow } from '../schema';
import { escapeLike } from './like';

export interface HandlerFilter {
  event?: string | undefined;
  statuses?: HandlerRow['status'][] | undefined;
  kind?: HandlerRow['kind'] | undefined;
  /** Case-insensitive substring of the name or the target. */
  text?: string | undefined;
  /** Archived handlers are hidden unless asked for, here or through `statuses`. */
  includeArchived?: boolean | undefined;
  /** `failing`: marked failing; `auto-disabled`: disabled by the system (a disabled status with a reason). */
  health?: HandlerHealthFilter | undefined;
}

/** Ordered as the editor lays lanes out: by event, then run order (priority, then id). */
export async function listHandlers(db: Db, filter: HandlerFilter = {}): Promise<HandlerRow[]> {
  const where: SQL[] = [];
  if (filter.event !== undefined) where.push(eq(handlers.event, filter.event));
  if (filter.kind !== undefined) where.push(eq(handlers.kind, filter.kind));
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(handlers.status, filter.statuses));
  else if (!filter.includeArchived) where.push(ne(handlers.status, 'archived'));
  if (filter.health === 'failing') where.push(isNotNull(handlers.failingSince));
  if (filter.health === 'auto-disabled') {
    where.push(eq(handlers.status, 'disabled'), isNotNull(handlers.statusReason));
  }
  if (filter.text) {
    const pattern = `%${escapeLike(filter.text)}%`;
    const text = or(ilike(handlers.name, pattern), ilike(handlers.target, pattern));
    if (text) where.push(text);
  }
  return db
    .select()
    .from(handlers)
    .where(and(...where))
    .orderBy(asc(handlers.event), asc(handlers.priority), asc(handlers.id));
}

export async function handlerById(db: Db, id: number): Promise<HandlerRow | null> {
  const [row] = await db.select().from(handlers).where(eq(handlers.id, id));
  return row ?? null;
}

export async function insertHandler(db: Db, values: NewHandlerRow): Promise<HandlerRow> {
  const [row] = await db.insert(handlers).values(values).returning();
  if (!row) throw new Error('insert into handlers returned no row');
  return row;
}

export type HandlerChanges = Partial<Omit<NewHandlerRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

/**
 * Optimistic concurrency: the update applies only if the row is still at `expectedVersion`, and
 * bumps the version. Null means the row is gone or someone else changed it first.
 */
export async function updateHandlerAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: HandlerChanges
): Promise<HandlerRow | null> {
  const [row] = await db
    .update(handlers)
    .set({ ...changes, version: sql`${handlers.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(handlers.id, id), eq(handlers.version, expectedVersion)))
    .returning();
  return row ?? null;
}

export async function deleteHandler(db: Db, id: number): Promise<HandlerRow | null> {
  const [row] = await db.delete(handlers).where(eq(handlers.id, id)).returning();
  return row ?? null;
}

/** The handlers of one event that take part in its run order, locked so a reorder sees a stable set. */
export async function lockRunOrderOfEvent(db: Db, event: string): Promise<HandlerRow[]> {
  return db
    .select()
    .from(handlers)
    .where(and(eq(handlers.event, event), ne(handlers.status, 'archived')))
    .orderBy(asc(handlers.priority), asc(handlers.id))
    .for('update');
}

export async function setHandlerPriority(db: Db, id: number, priority: number): Promise<HandlerRow> {
  const [row] = await db
    .update(handlers)
    .set({ priority, version: sql`${handlers.version} + 1`, updatedAt: sql`now()` })
    .where(eq(handlers.id, id))
    .returning();
  if (!row) throw new Error(`handler ${id} vanished while locked`);
  return row;
}
