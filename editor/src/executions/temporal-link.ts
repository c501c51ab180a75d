import type { HealthStatus } from '@hookline/domain';

/** The link is rendered as an href: any other scheme (`javascript:`, `data:`) must never reach it. */
function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Where the Temporal UI shows this workflow's history, when the API names a Temporal UI of http(s). */
export function temporalWorkflowUrl(
  health: Pick<HealthStatus, 'temporalUiUrl' | 'temporalNamespace'> | null,
  workflowId: string,
  runId: string | null
): string | null {
  const ui = health?.temporalUiUrl;
  if (!ui || !isWebUrl(ui)) return null;
  const base = ui.replace(/\/+$/, '');
  const namespace = encodeURIComponent(health.temporalNamespace);
  const run = runId ? `/${encodeURIComponent(runId)}` : '';
  return `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}${run}/history`;
}
