import { describe, expect, it } from 'vitest';
import { CustomEventTypeCreate, CustomEventTypePatch } from './catalog-input';
import { EventInput } from './event';
import { BUILT_IN_EVENT_TYPES, OPERATIONAL_EVENT_TYPES, isOperationalEventType } from './event-catalog';
import type { HandlerHealthChange } from './handler-health';
import {
  OPERATIONAL_EVENT_DATA,
  OPERATIONAL_EVENT_SAMPLES,
  healthChangeEvent,
  operationalEventEnvelope,
  operationalEventSuppression,
  replayFinishedEvent,
} from './operational-events';
import type { ReplayProgress } from './replay';

const change: HandlerHealthChange = {
  kind: 'disabled',
  handlerId: 7,
  handlerName: 'CRM sync',
  event: 'clients.create',
  reason: 'The receiver answered 410 Gone',
  at: '2026-01-05T10:00:00+00:00',
};

const progress: ReplayProgress = {
  id: '019438a2-7c1e-7d3a-9b1f-3a2b4c5d6e7f',
  workflowId: 'bulk-replay-019438a2-7c1e-7d3a-9b1f-3a2b4c5d6e7f',
  status: 'completed',
  total: 4,
  done: 4,
  failed: 1,
  skipped: 0,
  filter: { status: 'failed', event: 'clients.update' },
  mode: 'failed',
  handlers: 'original',
  concurrency: 5,
  requestedBy: 'on-call',
  createdAt: '2026-01-05T09:58:00.000Z',
  finishedAt: '2026-01-05T10:00:00.000Z',
  error: null,
};

const now = () => new Date('2030-01-01T00:00:00.000Z');

describe('the Hookline group of the catalogue', () => {
  it('holds the four operational types, each with a label, after the classic ones', () => {
    const hookline = BUILT_IN_EVENT_TYPES.filter((e) => e.group === 'Hookline');
    expect(hookline.map((e) => e.type)).toEqual([...OPERATIONAL_EVENT_TYPES]);
    expect(hookline.every((e) => e.builtIn && e.label.length > 0)).toBe(true);
    expect(BUILT_IN_EVENT_TYPES.slice(-4)).toEqual(hookline);
  });

  it('reserves the hookline. prefix for custom types, and the Hookline group', () => {
    expect(isOperationalEventType('hookline.anything.else')).toBe(true);
    expect(isOperationalEventType('billing.hookline.paid')).toBe(false);
    const named = CustomEventTypeCreate.safeParse({ type: 'hookline.custom.thing', label: 'Mine' });
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]?.message).toMatch(/hookline\./);
    expect(
      CustomEventTypeCreate.safeParse({ type: 'billing.invoice.paid', label: 'x', group: 'Hookline' }).success
    ).toBe(false);
    expect(CustomEventTypePatch.safeParse({ group: 'Hookline' }).success).toBe(false);
    expect(CustomEventTypeCreate.safeParse({ type: 'billing.invoice.paid', label: 'x' }).success).toBe(true);
  });
});

describe('operational event envelopes', () => {
  it('gives a health change an id of the handler and the instant, the same for the same change', () => {
    const envelope = operationalEventEnvelope(healthChangeEvent(change), now);
    expect(envelope).toEqual({
      id: `hookline.handler.disabled:7:${Date.parse(change.at)}`,
      type: 'hookline.handler.disabled',
      objectId: '7',
      occurredAt: '2026-01-05T10:00:00.000Z',
      data: {
        handlerId: 7,
        handlerName: 'CRM sync',
        event: 'clients.create',
        reason: 'The receiver answered 410 Gone',
        at: change.at,
      },
    });
    // The same instant written another way is the same change.
    const again = operationalEventEnvelope(healthChangeEvent({ ...change, at: '2026-01-05T11:00:00.000+01:00' }), now);
    expect(again.id).toBe(envelope.id);
    // Another kind, or another moment, is another event.
    expect(operationalEventEnvelope(healthChangeEvent({ ...change, kind: 'recovered' }), now).id).not.toBe(envelope.id);
    const later = { ...change, at: '2026-01-05T10:00:01.000Z' };
    expect(operationalEventEnvelope(healthChangeEvent(later), now).id).not.toBe(envelope.id);
  });

  it('gives a finished bulk replay one id per replay, and none while it runs', () => {
    const event = replayFinishedEvent(progress);
    expect(event).not.toBeNull();
    const envelope = operationalEventEnvelope(event!, now);
    expect(envelope).toMatchObject({
      id: `hookline.replay.finished:${progress.id}`,
      type: 'hookline.replay.finished',
      objectId: progress.id,
      occurredAt: progress.finishedAt,
      data: { replayId: progress.id, status: 'completed', total: 4, done: 4, failed: 1, skipped: 0 },
    });
    expect(replayFinishedEvent({ ...progress, status: 'running', finishedAt: null })).toBeNull();
  });

  it('makes envelopes every entry point accepts as an event', () => {
    for (const event of [healthChangeEvent(change), replayFinishedEvent(progress)!]) {
      expect(EventInput.safeParse(operationalEventEnvelope(event, now)).success).toBe(true);
    }
  });

  it('refuses a health change whose instant is not one', () => {
    expect(() => healthChangeEvent({ ...change, at: 'yesterday' })).toThrow();
  });
});

describe('the no-loop rule', () => {
  it('emits a health change of a handler of a business event', () => {
    expect(operationalEventSuppression(healthChangeEvent(change))).toBeNull();
  });

  it.each(OPERATIONAL_EVENT_TYPES)('emits nothing about a handler attached to %s', (type) => {
    for (const kind of ['disabled', 'failing', 'recovered'] as const) {
      expect(operationalEventSuppression(healthChangeEvent({ ...change, kind, event: type }))).toMatch(
        /Hookline's own/
      );
    }
  });

  it('emits the end of a bulk replay unless its filter names an operational type', () => {
    expect(operationalEventSuppression(replayFinishedEvent(progress)!)).toBeNull();
    expect(operationalEventSuppression(replayFinishedEvent({ ...progress, filter: {} })!)).toBeNull();
    const ofOwn = replayFinishedEvent({ ...progress, filter: { event: 'hookline.replay.finished' } })!;
    expect(operationalEventSuppression(ofOwn)).toMatch(/Hookline's own/);
  });
});

describe('samples', () => {
  it.each(OPERATIONAL_EVENT_TYPES)('the sample of %s is what its schema says', (type) => {
    expect(OPERATIONAL_EVENT_DATA[type].safeParse(OPERATIONAL_EVENT_SAMPLES[type]).success).toBe(true);
  });
});
