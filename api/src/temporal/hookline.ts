import type { Config } from '@hookline/services/config';
import { emitEvent, nextHandlerCacheRefresh, publishHandlerCache } from '@hookline/workflows/client';
import type { Client } from '@temporalio/client';
import type { HooklineTemporal } from '../deps';
import { queueBacklog } from './backlog';

/**
 * How long an event start may wait for Temporal. The client retries UNAVAILABLE for about a minute
 * by itself; a caller is better served by a quick 503 with Retry-After than by a hung request.
 */
export const EMIT_DEADLINE_MS = 5_000;

/** The shared Temporal operations, bound once to the process's Client and task queue. */
export function bindHooklineTemporal(
  client: Client,
  config: Pick<Config, 'taskQueue' | 'temporalNamespace'>
): HooklineTemporal {
  return {
    emitEvent: (input, ordering) =>
      client.connection.withDeadline(Date.now() + EMIT_DEADLINE_MS, () =>
        emitEvent(client, input, { taskQueue: config.taskQueue, ...(ordering ? { ordering } : {}) })
      ),
    publishHandlerCache: () => publishHandlerCache(client, { taskQueue: config.taskQueue }),
    nextRefreshAt: () => nextHandlerCacheRefresh(client),
    queueBacklog: () => queueBacklog(client, config),
  };
}
