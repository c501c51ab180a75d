import type { Handler, HandlerHealthFilter } from '@hookline/domain';

type HealthFields = Pick<Handler, 'status' | 'statusReason' | 'failingSince'>;

/** Disabled by Hookline (a 410 Gone, or every call failing for days): the status carries the system's reason. */
export function isAutoDisabled(handler: HealthFields): boolean {
  return handler.status === 'disabled' && handler.statusReason !== null;
}

/** Marked failing by the server's policy (a high failure share of its recent calls). */
export function isMarkedFailing(handler: HealthFields): boolean {
  return handler.failingSince !== null;
}

/** The list's health filter, as `GET /api/handlers?health=` selects: '' is every handler. */
export type HealthFilter = HandlerHealthFilter | '';

export function matchesHealth(handler: HealthFields, filter: HealthFilter): boolean {
  if (filter === 'failing') return isMarkedFailing(handler);
  if (filter === 'auto-disabled') return isAutoDisabled(handler);
  return true;
}
