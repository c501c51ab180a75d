import type { CatalogEntry } from '@hookline/domain';
import { createContext } from 'react';

export interface Catalog {
  entries: CatalogEntry[];
  byType: ReadonlyMap<string, CatalogEntry>;
  /** Set when the catalogue could not be loaded; the built-in types are shown meanwhile. */
  error: string | null;
}

export const CatalogContext = createContext<Catalog | null>(null);
