import type { CachePublished, CacheStatus } from '@hookline/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getCacheStatus, publishNow } from '../api/cache';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { useInterval } from '../ui/useInterval';

const POLL_MS = 15_000;

export interface CacheStatusState {
  status: CacheStatus | null;
  error: string | null;
  publishing: boolean;
  refresh: () => Promise<void>;
  publish: () => Promise<CachePublished | null>;
}

/** The handler cache's snapshot status, polled, and re-read whenever handlers were written (`revision`). */
export function useCacheStatus(revision: number): CacheStatusState {
  const { api } = useSession();
  const [status, setStatus] = useState<CacheStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await getCacheStatus(api);
      if (mine === seq.current) {
        setStatus(next);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(messageOf(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, revision]);
  useInterval(() => void refresh(), POLL_MS);

  const publish = useCallback(async () => {
    setPublishing(true);
    seq.current++;
    try {
      const result = await publishNow(api);
      setStatus(result);
      setError(null);
      return result;
    } catch (err) {
      setError(messageOf(err));
      return null;
    } finally {
      setPublishing(false);
    }
  }, [api]);

  return { status, error, publishing, refresh, publish };
}
