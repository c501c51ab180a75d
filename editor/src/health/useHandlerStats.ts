import type { HandlerStats } from '@hookline/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/problem';
import { getHandlerStats } from '../api/stats';
import { useSession } from '../auth/useSession';
import { useInterval } from '../ui/useInterval';

export const HEALTH_WINDOWS = {
  '1h': { label: '1 hour', ms: 3_600_000 },
  '24h': { label: '24 hours', ms: 86_400_000 },
  '7d': { label: '7 days', ms: 7 * 86_400_000 },
} as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

const REFRESH_MS = 60_000;

export interface HandlerStatsState {
  byId: ReadonlyMap<number, HandlerStats> | null;
  error: string | null;
  loading: boolean;
}

/** Calls, failures and p95 per handler over the window (null: overlay off), refreshed every minute. */
export function useHandlerStats(range: HealthWindow | null): HandlerStatsState {
  const { api } = useSession();
  const [state, setState] = useState<HandlerStatsState>({ byId: null, error: null, loading: false });
  const seq = useRef(0);

  const load = useCallback(async () => {
    if (range === null) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const items = await getHandlerStats(api, new Date(Date.now() - HEALTH_WINDOWS[range].ms));
      if (mine === seq.current)
        setState({ byId: new Map(items.map((s) => [s.handlerId, s])), error: null, loading: false });
    } catch (err) {
      if (mine === seq.current) setState((s) => ({ ...s, error: messageOf(err), loading: false }));
    }
  }, [api, range]);

  useEffect(() => {
    if (range === null) {
      seq.current++;
      setState({ byId: null, error: null, loading: false });
      return;
    }
    void load();
  }, [range, load]);

  useInterval(() => void load(), range === null ? null : REFRESH_MS);
  return state;
}
