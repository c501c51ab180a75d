import type { Config } from '@hookline/workflows/config';
import { emitEvent, nextHandlerCacheRefresh, publishHandlerCache } from '@hookline/workflows/client';
import type { Client } from '@temporalio/client';
import type { HooklineTemporal } from '../deps';

/** The shared Temporal operations, bound once to the process's Client and task queue. */
export function bindHooklineTemporal(client: Client, config: Pick<Config, 'taskQueue'>): HooklineTemporal {
  return {
    emitEvent: (input) => emitEvent(client, input, { taskQueue: config.taskQueue }),
    publishCache: () => publishHandlerCache(client),
    nextRefreshAt: () => nextHandlerCacheRefresh(client),
  };
}
