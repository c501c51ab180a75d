import { customEventType, listCustomEventTypes, type Db, type EventTypeRow } from '@hookline/db';
import {
  BUILT_IN_EVENT_TYPES,
  EVENT_TYPE_ALIASES,
  CustomEventGroupSchema,
  canonicalEventType,
  isBuiltInEventType,
  type CatalogEntry,
} from '@hookline/domain';

/** A known event type under its stored name, with its catalogue row when it is a custom one. */
export interface ResolvedEventType {
  type: string;
  custom: EventTypeRow | null;
}

export async function resolveEventTypeEntry(db: Db, type: string): Promise<ResolvedEventType | null> {
  const canonical = canonicalEventType(type);
  if (isBuiltInEventType(canonical)) return { type: canonical, custom: null };
  const row = await customEventType(db, canonical);
  return row ? { type: row.type, custom: row } : null;
}

/** The stored name of a known event type (built-in, alias or custom), or null for an unknown one. */
export async function resolveEventType(db: Db, type: string): Promise<string | null> {
  return (await resolveEventTypeEntry(db, type))?.type ?? null;
}

function aliasesOf(type: string): string[] {
  return Object.entries(EVENT_TYPE_ALIASES)
    .filter(([, target]) => target === type)
    .map(([alias]) => alias);
}

export function customCatalogEntry(row: EventTypeRow): CatalogEntry {
  return {
    type: row.type,
    label: row.label,
    // Written through the same enum; a hand-edited row (or one filed under Hookline) falls back to the custom group.
    group: CustomEventGroupSchema.catch('Custom').parse(row.group),
    builtIn: false,
    aliases: [],
    schema: row.schema ?? null,
  };
}

export async function eventCatalog(db: Db): Promise<CatalogEntry[]> {
  const builtIn = BUILT_IN_EVENT_TYPES.map((e) => ({ ...e, aliases: aliasesOf(e.type), schema: null }));
  return [...builtIn, ...(await listCustomEventTypes(db)).map(customCatalogEntry)];
}
