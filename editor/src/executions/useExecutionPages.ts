import type { ExecutionSummary } from '@hookline/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { listExecutions, type ExecutionFilter } from '../api/executions';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';

const PAGE_SIZE = 50;

export interface ExecutionPages {
  items: ExecutionSummary[];
  loading: boolean;
  error: string | null;
  /** More rows follow (keyset paging: the next page starts after the last row shown). */
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

export function useExecutionPages(filter: ExecutionFilter): ExecutionPages {
  const { api } = useSession();
  const [items, setItems] = useState<ExecutionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const key = JSON.stringify(filter);

  const fetchPage = useCallback(
    async (after: string | null) => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setLoading(true);
      setError(null);
      try {
        const page = await listExecutions(
          api,
          JSON.parse(key) as ExecutionFilter,
          { cursor: after, limit: PAGE_SIZE },
          mine.signal
        );
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (!mine.signal.aborted) setError(messageOf(err));
      } finally {
        if (!mine.signal.aborted) setLoading(false);
      }
    },
    [api, key]
  );

  useEffect(() => {
    void fetchPage(null);
    return () => controller.current?.abort();
  }, [fetchPage, generation]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor && !loading) void fetchPage(cursor);
    },
    reload: () => setGeneration((g) => g + 1),
  };
}
