import type { ReplayProgress } from '@hookline/domain';
import { useEffect, useState } from 'react';
import { getReplayProgress, isFinished } from '../api/executions';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';

const POLL_MS = 1000;

/** Polls a bulk replay's progress until it finishes. */
export function useReplayProgress(id: string | null): { progress: ReplayProgress | null; error: string | null } {
  const { api } = useSession();
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setProgress(null);
    setError(null);
    if (!id) return;
    let timer: number | undefined;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await getReplayProgress(api, id);
        if (stopped) return;
        setProgress(next);
        setError(null);
        if (isFinished(next)) return;
      } catch (err) {
        if (stopped) return;
        setError(messageOf(err));
      }
      timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [api, id]);

  return { progress, error };
}
