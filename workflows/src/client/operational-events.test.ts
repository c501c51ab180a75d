import { describe, expect, it } from 'vitest';
import type { HandlerHealthChange, HooklineEvent, OperationalEvent } from '@hookline/domain';
import type { EmitResult } from './emit-event';
import { emitOperational, handlerHealthListener, type OperationalEmitResult } from './operational-events';

/** A starter that behaves as Temporal does with `REJECT_DUPLICATE`: a second start of an id is a duplicate. */
function fakeStarter() {
  const started: HooklineEvent[] = [];
  const start = (event: HooklineEvent): Promise<EmitResult> => {
    const duplicate = started.some((e) => e.id === event.id);
    if (!duplicate) started.push(event);
    return Promise.resolve({ executionId: `exec-${event.id}`, workflowId: `event-${event.id}`, duplicate, event });
  };
  return { started, start };
}

const change: HandlerHealthChange = {
  kind: 'disabled',
  handlerId: 4,
  handlerName: 'CRM sync',
  event: 'clients.create',
  reason: 'The receiver answered 410 Gone',
  at: '2026-01-05T10:00:00.000Z',
};

const now = () => new Date('2030-01-01T00:00:00.000Z');

describe('emitOperational', () => {
  it('starts the event under its deterministic id, and a repeat is a duplicate', async () => {
    const { started, start } = fakeStarter();
    const event: OperationalEvent = {
      type: 'hookline.handler.failing',
      data: { handlerId: 4, handlerName: 'CRM sync', event: 'clients.create', reason: 'many fail', at: change.at },
    };
    const first = await emitOperational(event, start, now);
    const second = await emitOperational(event, start, now);
    expect(first).toMatchObject({ emitted: true, duplicate: false, workflowId: `event-${first.eventId}` });
    expect(second).toMatchObject({ emitted: true, duplicate: true, eventId: first.eventId });
    expect(started).toEqual([
      {
        id: `hookline.handler.failing:4:${Date.parse(change.at)}`,
        type: 'hookline.handler.failing',
        objectId: '4',
        occurredAt: change.at,
        data: event.data,
      },
    ]);
  });

  it('starts nothing for a handler attached to a hookline.* type, and says why', async () => {
    const { started, start } = fakeStarter();
    const result = await emitOperational(
      {
        type: 'hookline.handler.disabled',
        data: {
          handlerId: 4,
          handlerName: 'On-call pager',
          event: 'hookline.handler.disabled',
          reason: '410',
          at: change.at,
        },
      },
      start,
      now
    );
    expect(result).toMatchObject({ emitted: false, suppressed: expect.stringMatching(/Hookline's own/) });
    expect(started).toHaveLength(0);
  });

  it('starts nothing for a bulk replay of operational events', async () => {
    const { started, start } = fakeStarter();
    const result = await emitOperational(
      {
        type: 'hookline.replay.finished',
        data: {
          replayId: 'r1',
          workflowId: 'bulk-replay-r1',
          status: 'completed',
          total: 1,
          done: 1,
          failed: 0,
          skipped: 0,
          filter: { event: 'hookline.handler.failing' },
          mode: 'all',
          handlers: 'original',
          requestedBy: null,
          createdAt: '2026-01-05T09:00:00.000Z',
          finishedAt: '2026-01-05T10:00:00.000Z',
          error: null,
        },
      },
      start,
      now
    );
    expect(result.emitted).toBe(false);
    expect(started).toHaveLength(0);
  });

  it('refuses what is not an operational event before starting anything', async () => {
    const { started, start } = fakeStarter();
    const notOperational = { type: 'clients.create', data: {} } as unknown as OperationalEvent; // a caller bypassing the types
    await expect(emitOperational(notOperational, start, now)).rejects.toThrow();
    expect(started).toHaveLength(0);
  });
});

describe('handlerHealthListener', () => {
  it('announces each kind of change as its own type', async () => {
    const { started, start } = fakeStarter();
    const emitted: OperationalEmitResult[] = [];
    const listener = handlerHealthListener(async (event) => {
      const result = await emitOperational(event, start, now);
      emitted.push(result);
      return result;
    });
    for (const kind of ['disabled', 'failing', 'recovered'] as const) await listener({ ...change, kind });
    await listener(change);
    expect(started.map((e) => e.type)).toEqual([
      'hookline.handler.disabled',
      'hookline.handler.failing',
      'hookline.handler.recovered',
    ]);
    expect(emitted.at(-1)).toMatchObject({ emitted: true, duplicate: true });
  });
});
