import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database';
import { eventTypes, type EventTypeRow } from '../schema';

export async function listCustomEventTypes(db: Db): Promise<EventTypeRow[]> {
  return db.select().from(eventTypes).orderBy(asc(eventTypes.type));
}

export async function customEventType(db: Db, type: string): Promise<EventTypeRow | null> {
  const [row] = await db.select().from(eventTypes).where(eq(eventTypes.type, type));
  return row ?? null;
}
