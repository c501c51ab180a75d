import { EVENT_GROUPS } from '@hookline/domain';
import { useContext } from 'react';
import { CatalogContext, type Catalog } from './catalog-context';

export function useCatalog(): Catalog {
  const catalog = useContext(CatalogContext);
  if (!catalog) throw new Error('useCatalog needs a CatalogProvider above it');
  return catalog;
}

export function labelOf(catalog: Catalog, type: string): string {
  return catalog.byType.get(type)?.label ?? type;
}

/** Position in the catalogue, grouped as the canvas groups lanes; unknown types last. */
export function eventRanker(catalog: Catalog): (type: string) => number {
  const rank = new Map(
    [...catalog.entries]
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => EVENT_GROUPS.indexOf(a.entry.group) - EVENT_GROUPS.indexOf(b.entry.group) || a.index - b.index)
      .map(({ entry }, position) => [entry.type, position])
  );
  return (type) => rank.get(type) ?? Number.MAX_SAFE_INTEGER;
}
