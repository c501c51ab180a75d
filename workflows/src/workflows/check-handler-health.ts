import { proxyActivities } from '@temporalio/workflow';
import type { CheckHandlerHealthInput, CheckHandlerHealthResult, HooklineActivities } from '../activities';
import { bookkeeping, tableScan } from './activity-options';

export type CheckHandlersHealthInput = CheckHandlerHealthInput;

export interface CheckHandlersHealthResult extends CheckHandlerHealthResult {
  /** The snapshot version published after handlers were disabled; null when none was. */
  publishedVersion: number | null;
}

const { checkHandlerHealth } = proxyActivities<HooklineActivities>(tableScan);
const { refreshSnapshot } = proxyActivities<HooklineActivities>(bookkeeping);

/**
 * Run by the `hookline-handler-health` schedule: the failing-handler policy's check over the execution log. When it
 * disabled handlers, it publishes at once, as an operator's "Publish now" would, so that they stop being called
 * before the next scheduled refresh.
 */
export async function checkHandlersHealth(input: CheckHandlersHealthInput): Promise<CheckHandlersHealthResult> {
  const result = await checkHandlerHealth(input);
  if (result.disabled.length === 0) return { ...result, publishedVersion: null };
  const published = await refreshSnapshot({
    reason: `disabled by the failing-handler policy: ${result.disabled.map((id) => `#${id}`).join(', ')}`,
  });
  return { ...result, publishedVersion: published.version };
}
