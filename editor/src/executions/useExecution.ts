import type { ExecutionDetail } from '@hookline/domain';
import { useCallback, useEffect, useState } from 'react';
import { getExecution } from '../api/executions';
import { ApiError, messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';

const RUNNING_POLL_MS = 2000;

/** One execution; while it runs, re-read every two seconds so the timeline fills in. */
export function useExecution(id: string): {
  execution: ExecutionDetail | null;
  error: string | null;
  notFound: boolean;
} {
  const { api } = useSession();
  const [execution, setExecution] = useState<ExecutionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);

  const load = useCallback(
    async (signal: AbortSignal) => {
      try {
        const next = await getExecution(api, id, signal);
        setExecution(next);
        setError(null);
        return next;
      } catch (err) {
        if (signal.aborted) return null;
        setNotFound(err instanceof ApiError && err.status === 404);
        setError(messageOf(err));
        return null;
      }
    },
    [api, id]
  );

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    setExecution(null);
    setError(null);
    setNotFound(false);
    const tick = async () => {
      const next = await load(controller.signal);
      if (!controller.signal.aborted && next?.status === 'running')
        timer = window.setTimeout(() => void tick(), RUNNING_POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [load]);

  return { execution, error, notFound };
}
