import { useEffect, useRef } from 'react';

/** Calls `callback` every `ms` (not at all when `ms` is null); the latest callback is always the one called. */
export function useInterval(callback: () => void, ms: number | null): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (ms === null) return;
    const timer = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}
