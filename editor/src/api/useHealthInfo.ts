import { useEffect, useState } from 'react';
import { getHealth, type Health } from './session';

let cached: Promise<Health> | null = null;

/** `GET /api/health`, read once per page: the Temporal UI address, when the API gives one. */
export function useHealthInfo(): Health | null {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= getHealth();
    void cached.then((h) => {
      if (live) setHealth(h);
    });
    return () => {
      live = false;
    };
  }, []);
  return health;
}

export function temporalWorkflowUrl(health: Health | null, workflowId: string, runId: string | null): string | null {
  if (!health?.temporalUiUrl) return null;
  const base = health.temporalUiUrl.replace(/\/+$/, '');
  const namespace = encodeURIComponent(health.temporalNamespace ?? 'default');
  return `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}/history`;
}
