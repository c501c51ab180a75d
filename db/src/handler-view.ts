import type { Condition, Handler } from '@hookline/domain';
import type { HandlerRow } from './schema';

/**
 * A handler as the API shows it, and as audit entries record it (whoever writes them, a person through the API or the
 * failing-handler policy in the worker). The secret never leaves the server, only whether there is one.
 */
export function handlerView(row: HandlerRow): Handler {
  return {
    id: row.id,
    name: row.name,
    event: row.event,
    kind: row.kind,
    target: row.target,
    status: row.status,
    priority: row.priority,
    // Validated by the shared zod schema before it was written.
    condition: (row.condition ?? null) as Condition | null,
    retry: row.retry,
    timeoutMs: row.timeoutMs,
    onFailure: row.onFailure,
    headers: row.headers,
    hasSecret: row.secret !== null && row.secret !== '',
    position: row.position ?? null,
    statusReason: row.statusReason ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
