import { customEventType, listCustomEventTypes, listEventOrderings, type Db, type EventTypeRow } from '@hookline/db';
import {
  BUILT_IN_EVENT_TYPES,
  EVENT_TYPE_ALIASES,
  CustomEventGroupSchema,
  canonicalEventType,
  familyByName,
  type CatalogEntry,
  type EventOrdering,
} from '@hookline/domain';

/** A known event type under its stored name, with its catalogue row when it is a custom one. */
export interface ResolvedEventType {
  type: string;
  custom: EventTypeRow | null;
  /** The entity family of its objects: half of its ordering key. */
  family: string;
}

const builtInFamilies = new Map(BUILT_IN_EVENT_TYPES.map((e) => [e.type, e.family]));

export function customFamily(row: Pick<EventTypeRow, 'type' | 'family'>): string {
  return row.family ?? familyByName(row.type);
}

export async function resolveEventTypeEntry(db: Db, type: string): Promise<ResolvedEventType | null> {
  const canonical = canonicalEventType(type);
  const builtInFamily = builtInFamilies.get(canonical);
  if (builtInFamily !== undefined) return { type: canonical, custom: null, family: builtInFamily };
  const row = await customEventType(db, canonical);
  return row ? { type: row.type, custom: row, family: customFamily(row) } : null;
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

export function customCatalogEntry(row: EventTypeRow, ordering: EventOrdering): CatalogEntry {
  return {
    type: row.type,
    label: row.label,
    // Written through the same enum; a hand-edited row (or one filed under Hookline) falls back to the custom group.
    group: CustomEventGroupSchema.catch('Custom').parse(row.group),
    builtIn: false,
    aliases: [],
    schema: row.schema ?? null,
    family: customFamily(row),
    ordering,
  };
}

export function builtInCatalogEntry(type: string, ordering: EventOrdering): CatalogEntry | null {
  const entry = BUILT_IN_EVENT_TYPES.find((e) => e.type === type);
  return entry ? { ...entry, aliases: aliasesOf(entry.type), schema: null, ordering } : null;
}

export async function eventCatalog(db: Db): Promise<CatalogEntry[]> {
  const orderings = await listEventOrderings(db);
  const orderingOf = (type: string): EventOrdering => orderings.get(type) ?? 'none';
  const builtIn = BUILT_IN_EVENT_TYPES.map((e) => ({
    ...e,
    aliases: aliasesOf(e.type),
    schema: null,
    ordering: orderingOf(e.type),
  }));
  const custom = (await listCustomEventTypes(db)).map((row) => customCatalogEntry(row, orderingOf(row.type)));
  return [...builtIn, ...custom];
}
