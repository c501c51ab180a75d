import { BUILT_IN_EVENT_TYPES, type CatalogEntry } from '@hookline/domain';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { listEventTypes } from '../api/catalog';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { CatalogContext, type Catalog } from './catalog-context';

/** Until the API answers, the built-in catalogue from the shared domain stands in, so lanes never wait. */
const BUILT_IN: CatalogEntry[] = BUILT_IN_EVENT_TYPES.map((e) => ({
  ...e,
  aliases: [],
  schema: null,
  ordering: 'none' as const,
}));

export function CatalogProvider({ children }: { children: ReactNode }) {
  const { api } = useSession();
  const [entries, setEntries] = useState<CatalogEntry[]>(BUILT_IN);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listEventTypes(api, controller.signal).then(
      (loaded) => {
        setEntries(loaded);
        setError(null);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(err));
      }
    );
    return () => controller.abort();
  }, [api]);

  const catalog = useMemo<Catalog>(
    () => ({ entries, byType: new Map(entries.map((e) => [e.type, e])), error }),
    [entries, error]
  );
  return <CatalogContext.Provider value={catalog}>{children}</CatalogContext.Provider>;
}
