import { EVENT_GROUPS, type EventGroup, type EventTypeEntry } from '@hookline/domain';
import { z } from 'zod';
import type { ApiClient } from './client';

const groups: readonly string[] = EVENT_GROUPS;

const CatalogEntrySchema = z.object({
  type: z.string(),
  label: z.string(),
  group: z.string().transform((g): EventGroup => (groups.includes(g) ? (g as EventGroup) : 'Custom')),
  builtIn: z.boolean().default(false),
  aliases: z.array(z.string()).default([]),
  /** JSON Schema that `data` must satisfy (custom types only). */
  schema: z.record(z.string(), z.unknown()).nullable().default(null),
});

export interface CatalogEntry extends EventTypeEntry {
  aliases: string[];
  schema: Record<string, unknown> | null;
}

const CatalogPage = z.object({ items: z.array(CatalogEntrySchema) });

export async function listEventTypes(api: ApiClient, signal?: AbortSignal): Promise<CatalogEntry[]> {
  const page = await api.get('/api/catalog/events', { schema: CatalogPage, signal });
  return page.items;
}
