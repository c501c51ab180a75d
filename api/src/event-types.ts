import { customEventType, listCustomEventTypes, type Db } from '@hookline/db';
import {
  BUILT_IN_EVENT_TYPES,
  EVENT_TYPE_ALIASES,
  canonicalEventType,
  isBuiltInEventType,
  type EventTypeEntry,
} from '@hookline/workflows/domain';

export interface CatalogEntry extends EventTypeEntry {
  /** Older spellings accepted on input for this type. */
  aliases: string[];
  /** JSON Schema that `data` must satisfy (custom types only). */
  schema: Record<string, unknown> | null;
}

/** The stored name of a known event type (built-in, alias or custom), or null for an unknown one. */
export async function resolveEventType(db: Db, type: string): Promise<string | null> {
  const canonical = canonicalEventType(type);
  if (isBuiltInEventType(canonical)) return canonical;
  return (await customEventType(db, canonical))?.type ?? null;
}

function aliasesOf(type: string): string[] {
  return Object.entries(EVENT_TYPE_ALIASES)
    .filter(([, target]) => target === type)
    .map(([alias]) => alias);
}

export async function eventCatalog(db: Db): Promise<CatalogEntry[]> {
  const builtIn = BUILT_IN_EVENT_TYPES.map((e) => ({ ...e, aliases: aliasesOf(e.type), schema: null }));
  const custom = (await listCustomEventTypes(db)).map((row): CatalogEntry => ({
    type: row.type,
    label: row.label,
    group: 'Custom',
    builtIn: false,
    aliases: [],
    schema: row.schema ?? null,
  }));
  return [...builtIn, ...custom];
}
