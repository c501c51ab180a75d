import { z } from 'zod';
import { isOperationalEventType, type OperationalEventType } from './event-catalog';
import { ReplayHandlers, ReplayMode } from './execution';
import type { HandlerHealthChange } from './handler-health';
import type { ReplayProgress } from './replay';
import { StorableInstant } from './storable';

/*
 * Hookline's own operational events (DESIGN §2.1): what they carry, their ids, and the rule that keeps them from
 * feeding themselves. They travel the ordinary pipeline (one `processEvent` per event, `event-<id>`); only the emitter
 * in the workflows client (`emitOperationalEvent`) starts them, and it applies everything below.
 */

/**
 * `data` of `hookline.handler.disabled`, `.failing` and `.recovered`. The event's `objectId` is the handler's id.
 */
export const HandlerHealthEventData = z
  .object({
    handlerId: z.number().int().min(1),
    handlerName: z.string(),
    /** The event type the handler is attached to. */
    event: z.string(),
    /** Why Hookline changed the handler's health, as it records it in the handler's `statusReason`. */
    reason: z.string(),
    /** When Hookline made the change (ISO 8601); also the event's `occurredAt`. */
    at: StorableInstant,
  })
  .strict();
export type HandlerHealthEventData = z.infer<typeof HandlerHealthEventData>;

export const FINISHED_REPLAY_STATUSES = ['completed', 'failed', 'cancelled'] as const;

/**
 * `data` of `hookline.replay.finished`: the bulk replay's final progress, as `GET /api/replays/:id` answers it. The
 * event's `objectId` is the replay id.
 */
export const ReplayFinishedEventData = z
  .object({
    replayId: z.string(),
    workflowId: z.string(),
    status: z.enum(FINISHED_REPLAY_STATUSES),
    /** Null when the bulk replay failed before it had counted what it matches. */
    total: z.number().int().nullable(),
    done: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    filter: z.record(z.string(), z.unknown()),
    mode: ReplayMode,
    handlers: ReplayHandlers,
    requestedBy: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    /** Why it failed, when it did. */
    error: z.string().nullable(),
  })
  .strict();
export type ReplayFinishedEventData = z.infer<typeof ReplayFinishedEventData>;

const healthEvent = <T extends OperationalEventType>(type: T) =>
  z.object({ type: z.literal(type), data: HandlerHealthEventData }).strict();

/** One operational event before it is emitted: its type and data; id, objectId and occurredAt follow from them. */
export const OperationalEvent = z.discriminatedUnion('type', [
  healthEvent('hookline.handler.disabled'),
  healthEvent('hookline.handler.failing'),
  healthEvent('hookline.handler.recovered'),
  z.object({ type: z.literal('hookline.replay.finished'), data: ReplayFinishedEventData }).strict(),
]);
export type OperationalEvent = z.infer<typeof OperationalEvent>;

/** The schema of each operational type's `data`, for documentation and for tests of what receivers get. */
export const OPERATIONAL_EVENT_DATA: Readonly<Record<OperationalEventType, z.ZodType>> = {
  'hookline.handler.disabled': HandlerHealthEventData,
  'hookline.handler.failing': HandlerHealthEventData,
  'hookline.handler.recovered': HandlerHealthEventData,
  'hookline.replay.finished': ReplayFinishedEventData,
};

/** The event a handler's health change announces. */
export function healthChangeEvent(change: HandlerHealthChange): OperationalEvent {
  return OperationalEvent.parse({
    type: `hookline.handler.${change.kind}`,
    data: {
      handlerId: change.handlerId,
      handlerName: change.handlerName,
      event: change.event,
      reason: change.reason,
      at: change.at,
    },
  });
}

/** The event a finished bulk replay announces; null while it still runs. */
export function replayFinishedEvent(progress: ReplayProgress): OperationalEvent | null {
  if (progress.status === 'running') return null;
  return {
    type: 'hookline.replay.finished',
    data: {
      replayId: progress.id,
      workflowId: progress.workflowId,
      status: progress.status,
      total: progress.total,
      done: progress.done,
      failed: progress.failed,
      skipped: progress.skipped,
      filter: { ...progress.filter },
      mode: progress.mode,
      handlers: progress.handlers,
      requestedBy: progress.requestedBy,
      createdAt: progress.createdAt,
      finishedAt: progress.finishedAt,
      error: progress.error,
    },
  };
}

/** An operational event as it is emitted: every field of an event, the id deterministic. */
export interface OperationalEventEnvelope {
  id: string;
  type: OperationalEventType;
  objectId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * The id, objectId and occurredAt of an operational event. The id is derived from what the event is about, so that
 * announcing the same thing twice (an activity retried, two workers reporting one change) is a duplicate of the first
 * event and is delivered once:
 * - `hookline.handler.<kind>:<handlerId>:<epoch ms of at>`: one event per change of one handler;
 * - `hookline.replay.finished:<replayId>`: one event per bulk replay.
 */
export function operationalEventEnvelope(event: OperationalEvent, now: () => Date): OperationalEventEnvelope {
  if (event.type === 'hookline.replay.finished') {
    const { data } = event;
    return {
      id: `${event.type}:${data.replayId}`,
      type: event.type,
      objectId: data.replayId,
      occurredAt: data.finishedAt ?? now().toISOString(),
      data,
    };
  }
  const { data } = event;
  const at = new Date(Date.parse(data.at));
  return {
    id: `${event.type}:${data.handlerId}:${at.getTime()}`,
    type: event.type,
    objectId: String(data.handlerId),
    occurredAt: at.toISOString(),
    data,
  };
}

/**
 * The no-loop rule: an operational event is never emitted about the delivery of operational events. Concretely,
 * - no `hookline.handler.*` event about a handler attached to a `hookline.*` type (its failures are failures to
 *   deliver operational events), and
 * - no `hookline.replay.finished` for a bulk replay whose filter names a `hookline.*` type (it only delivered
 *   operational events again).
 *
 * Why nothing can loop: Hookline emits operational events on two occasions only, a handler's health change and the
 * end of a bulk replay. A bulk replay is started only by an API call, never by Hookline, so its end is one event per
 * request. A health change follows failed deliveries of the handler's own event; when that event is operational, the
 * first rule emits nothing. So delivering an operational event, failing or not, never leads Hookline to emit another.
 *
 * Answers why the event is suppressed, or null when it is to be emitted.
 */
export function operationalEventSuppression(event: OperationalEvent): string | null {
  if (event.type === 'hookline.replay.finished') {
    const filtered = event.data.filter['event'];
    return typeof filtered === 'string' && isOperationalEventType(filtered)
      ? `the bulk replay replayed Hookline's own ${filtered} events`
      : null;
  }
  return isOperationalEventType(event.data.event)
    ? `handler ${event.data.handlerId} delivers Hookline's own ${event.data.event} events`
    : null;
}

/** Example `data` of each operational type, as receivers get it: for the editor's samples and the docs. */
export const OPERATIONAL_EVENT_SAMPLES: Readonly<Record<OperationalEventType, Record<string, unknown>>> = {
  'hookline.handler.disabled': {
    handlerId: 3,
    handlerName: 'CRM sync',
    event: 'clients.create',
    reason: 'The receiver answered 410 Gone',
    at: '2026-01-05T10:00:00.000Z',
  },
  'hookline.handler.failing': {
    handlerId: 3,
    handlerName: 'CRM sync',
    event: 'clients.create',
    reason: '62% of calls failed in the last hour',
    at: '2026-01-05T10:00:00.000Z',
  },
  'hookline.handler.recovered': {
    handlerId: 3,
    handlerName: 'CRM sync',
    event: 'clients.create',
    reason: 'Calls succeed again',
    at: '2026-01-05T10:00:00.000Z',
  },
  'hookline.replay.finished': {
    replayId: '019438a2-7c1e-7d3a-9b1f-3a2b4c5d6e7f',
    workflowId: 'bulk-replay-019438a2-7c1e-7d3a-9b1f-3a2b4c5d6e7f',
    status: 'completed',
    total: 200,
    done: 200,
    failed: 3,
    skipped: 0,
    filter: { status: 'failed', event: 'clients.update' },
    mode: 'failed',
    handlers: 'original',
    requestedBy: 'on-call',
    createdAt: '2026-01-05T09:58:00.000Z',
    finishedAt: '2026-01-05T10:00:00.000Z',
    error: null,
  },
};
