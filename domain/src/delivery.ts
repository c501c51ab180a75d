import type { HooklineEvent } from './event';

/**
 * The body every HTTP handler receives (and every script on stdin): the classic provisioning
 * envelope — `events_id`, `object_id`, `dt` — plus `id` and `attempt` so receivers can deduplicate.
 */
export interface DeliveryEnvelope {
  event: { id: string; events_id: string; object_id: string; dt: string; attempt: number };
  data: Record<string, unknown>;
}

export function deliveryEnvelope(event: HooklineEvent, attempt: number): DeliveryEnvelope {
  return {
    event: {
      id: event.id,
      events_id: event.type,
      object_id: event.objectId,
      dt: classicTimestamp(event.occurredAt),
      attempt,
    },
    data: event.data,
  };
}

/** The classic system wrote `2026-11-29T10:00:00+00:00`: seconds precision, numeric UTC offset. */
export function classicTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Stable across the retries of one handler call, distinct per execution and handler. */
export function webhookId(executionId: string, handlerId: number): string {
  return `msg_${executionId}_${handlerId}`;
}

/** Log bodies are capped so one noisy receiver cannot bloat the log table. */
export const LOGGED_BODY_LIMIT = 64 * 1024;
