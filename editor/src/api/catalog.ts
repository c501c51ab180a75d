import { CatalogEntry, Page } from '@hookline/domain';
import type { ApiClient } from './client';

const CatalogPage = Page(CatalogEntry);

export async function listEventTypes(api: ApiClient, signal?: AbortSignal): Promise<CatalogEntry[]> {
  const page = await api.get('/api/catalog/events', { schema: CatalogPage, signal });
  return page.items;
}
