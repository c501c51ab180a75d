import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database';
import type { EventOrdering } from '@hookline/domain';
import { eventOrderings, eventTypes, handlers, type EventTypeRow } from '../schema';

export type NewCustomEventType = Pick<EventTypeRow, 'type' | 'label' | 'group' | 'schema'> & { family?: string | null };
export type CustomEventTypeChanges = Partial<Pick<EventTypeRow, 'label' | 'group' | 'schema' | 'family'>>;

export async function listCustomEventTypes(db: Db): Promise<EventTypeRow[]> {
  return db.select().from(eventTypes).orderBy(asc(eventTypes.type));
}

export async function customEventType(db: Db, type: string): Promise<EventTypeRow | null> {
  const [row] = await db.select().from(eventTypes).where(eq(eventTypes.type, type));
  return row ?? null;
}

/** Null when the type is registered already. */
export async function insertCustomEventType(db: Db, values: NewCustomEventType): Promise<EventTypeRow | null> {
  const [row] = await db.insert(eventTypes).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** Bumps the version, which is what tells every API process to recompile the schema. */
export async function updateCustomEventType(
  db: Db,
  type: string,
  changes: CustomEventTypeChanges
): Promise<EventTypeRow | null> {
  const [row] = await db
    .update(eventTypes)
    .set({ ...changes, version: sql`${eventTypes.version} + 1`, updatedAt: sql`now()` })
    .where(eq(eventTypes.type, type))
    .returning();
  return row ?? null;
}

export async function deleteCustomEventType(db: Db, type: string): Promise<EventTypeRow | null> {
  const [row] = await db.delete(eventTypes).where(eq(eventTypes.type, type)).returning();
  return row ?? null;
}

/** Handlers (archived included) configured for this event type. */
export async function countHandlersOfEvent(db: Db, type: string): Promise<number> {
  return db.$count(handlers, eq(handlers.event, type));
}

/** Every type whose ordering was set, built-in or custom: a handful of rows, read whole and cached. */
export async function listEventOrderings(db: Db): Promise<Map<string, EventOrdering>> {
  const rows = await db.select({ type: eventOrderings.type, ordering: eventOrderings.ordering }).from(eventOrderings);
  return new Map(rows.map((r) => [r.type, r.ordering]));
}

export async function eventOrderingOf(db: Db, type: string): Promise<EventOrdering> {
  const [row] = await db
    .select({ ordering: eventOrderings.ordering })
    .from(eventOrderings)
    .where(eq(eventOrderings.type, type));
  return row?.ordering ?? 'none';
}

export async function setEventOrdering(db: Db, type: string, ordering: EventOrdering): Promise<void> {
  await db
    .insert(eventOrderings)
    .values({ type, ordering })
    .onConflictDoUpdate({ target: eventOrderings.type, set: { ordering, updatedAt: sql`now()` } });
}

export async function deleteEventOrdering(db: Db, type: string): Promise<void> {
  await db.delete(eventOrderings).where(eq(eventOrderings.type, type));
}
