import type { HealthStatus } from '@hookline/domain';
import { useEffect, useState } from 'react';
import { getHealth } from './health';

let cached: Promise<HealthStatus | null> | null = null;

/**
 * `GET /api/health`, read once per page for the Temporal UI address. Null until it answers, and
 * null for good when it cannot be read: the address only adds a link, so its absence must never
 * break the view that would show it.
 */
export function useHealthStatus(): HealthStatus | null {
  const [health, setHealth] = useState<HealthStatus | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= getHealth().catch(() => null);
    void cached.then((h) => {
      if (live) setHealth(h);
    });
    return () => {
      live = false;
    };
  }, []);
  return health;
}
