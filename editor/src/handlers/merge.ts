import type { Handler } from '@hookline/domain';

/** The list with `updated` handlers replacing those of the same id (new ones appended), in id order. */
export function mergeHandlers(list: readonly Handler[], updated: readonly Handler[]): Handler[] {
  if (updated.length === 0) return [...list];
  const byId = new Map(list.map((h) => [h.id, h]));
  for (const handler of updated) byId.set(handler.id, stripSecret(handler));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** A generated secret is shown once by the form that asked for it and never kept in shared state. */
function stripSecret(handler: Handler & { secret?: string }): Handler {
  if (!('secret' in handler)) return handler;
  const { secret: _secret, ...rest } = handler;
  return rest;
}
