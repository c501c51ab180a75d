import type { Client } from '@temporalio/client';
import {
  EventInput,
  OperationalEvent,
  healthChangeEvent,
  operationalEventEnvelope,
  operationalEventSuppression,
  type HandlerHealthListener,
  type HooklineEvent,
} from '@hookline/domain';
import { startProcessEvent, type EmitOptions, type EmitResult } from './emit-event';

export type OperationalEmitResult =
  /** Started as `processEvent` `event-<eventId>`, or found started already (`duplicate`). */
  | ({ emitted: true; eventId: string } & EmitResult)
  /** Not emitted: the no-loop rule holds it back, for the reason given. */
  | { emitted: false; eventId: string; suppressed: string };

/** Starts one accepted event's `processEvent`; {@link startProcessEvent} in production. */
export type ProcessEventStarter = (event: HooklineEvent) => Promise<EmitResult>;

/**
 * The one emitter of Hookline's own events, and the one place their rules are applied: the event is checked against
 * its schema, given its deterministic id (a repeated emission is a duplicate, delivered once), held back when the
 * no-loop rule says so (`operationalEventSuppression`), and otherwise started like any event.
 */
export async function emitOperational(
  event: OperationalEvent,
  start: ProcessEventStarter,
  now: () => Date = () => new Date()
): Promise<OperationalEmitResult> {
  const checked = OperationalEvent.parse(event);
  const envelope = operationalEventEnvelope(checked, now);
  const suppressed = operationalEventSuppression(checked);
  if (suppressed !== null) return { emitted: false, eventId: envelope.id, suppressed };
  // The same checks as any caller's event (ids, storable text, depth), so that it is recorded as it was accepted.
  const accepted = EventInput.parse(envelope);
  const result = await start({
    id: envelope.id,
    type: accepted.type,
    objectId: accepted.objectId,
    occurredAt: envelope.occurredAt,
    data: accepted.data,
  });
  return { emitted: true, eventId: envelope.id, ...result };
}

/** Emits one of Hookline's own events through Temporal: `processEvent` `event-<deterministic id>`. */
export function emitOperationalEvent(
  client: Client,
  event: OperationalEvent,
  options: EmitOptions
): Promise<OperationalEmitResult> {
  return emitOperational(event, (accepted) => startProcessEvent(client, accepted, options), options.now);
}

/**
 * The listener the failing-handler policy calls on every health change it makes: it announces the change as
 * `hookline.handler.<kind>`. Reporting one change twice (same handler, kind and `at`) is a duplicate and delivers
 * once; a change of a handler attached to a `hookline.*` type announces nothing (the no-loop rule).
 */
export function onHandlerHealthChange(client: Client, options: EmitOptions): HandlerHealthListener {
  return handlerHealthListener((event) => emitOperationalEvent(client, event, options));
}

/** {@link onHandlerHealthChange} over any emitter (tests pass their own). */
export function handlerHealthListener(
  emit: (event: OperationalEvent) => Promise<OperationalEmitResult>
): HandlerHealthListener {
  return async (change) => {
    await emit(healthChangeEvent(change));
  };
}
