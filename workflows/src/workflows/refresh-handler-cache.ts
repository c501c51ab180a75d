import { proxyActivities } from '@temporalio/workflow';
import type { HooklineActivities } from '../activities';
import { bookkeeping } from './activity-options';

export interface RefreshHandlerCacheInput {
  reason?: string;
}

const { refreshSnapshot } = proxyActivities<HooklineActivities>(bookkeeping);

/** Run by the `hookline-handler-cache` schedule, and on demand when an operator publishes. */
export async function refreshHandlerCache(
  input: RefreshHandlerCacheInput = {}
): Promise<{ version: number; changed: boolean }> {
  return refreshSnapshot({ reason: input.reason ?? 'scheduled refresh' });
}
