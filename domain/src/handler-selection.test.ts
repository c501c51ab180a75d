import { describe, expect, it } from 'vitest';
import type { HooklineEvent } from './event';
import { selectHandlers } from './handler-selection';
import type { SnapshotHandler } from './snapshot';

const event: HooklineEvent = {
  id: 'e1',
  type: 'clients.create',
  objectId: '12',
  occurredAt: '2026-11-29T10:00:00Z',
  data: { balance: -3, plan: 'pro' },
};

/** A snapshot handler with only what selection reads filled in by the test; the rest is inert. */
function handler(fields: Pick<SnapshotHandler, 'id' | 'priority'> & Partial<SnapshotHandler>): SnapshotHandler {
  return {
    name: `handler ${fields.id}`,
    event: 'clients.create',
    kind: 'http',
    target: 'https://example.test/hook',
    condition: null,
    retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 },
    timeoutMs: 1_000,
    onFailure: 'continue',
    headers: {},
    secrets: ['a secret that must never reach a plan'],
    ...fields,
  };
}

const ids = (selected: { handlers: { id: number }[] }) => selected.handlers.map((h) => h.id);

describe('selectHandlers', () => {
  it('orders by priority, lower first, then by id when priorities tie', () => {
    const selected = selectHandlers(
      { handlers: [handler({ id: 4, priority: 2 }), handler({ id: 3, priority: 1 }), handler({ id: 1, priority: 2 })] },
      event
    );
    expect(ids(selected)).toEqual([3, 1, 4]);
    expect(selected.notSelected).toEqual([]);
  });

  it("keeps only the event type's handlers, and silently: other types are not 'not selected'", () => {
    const selected = selectHandlers(
      { handlers: [handler({ id: 1, priority: 1 }), handler({ id: 2, priority: 1, event: 'clients.delete' })] },
      event
    );
    expect(ids(selected)).toEqual([1]);
    expect(selected.notSelected).toEqual([]);
  });

  it('hands the workflow a plan without targets, headers or secrets', () => {
    const [planned] = selectHandlers({ handlers: [handler({ id: 1, priority: 1 })] }, event).handlers;
    expect(planned).toEqual({
      id: 1,
      name: 'handler 1',
      priority: 1,
      condition: null,
      retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 },
      timeoutMs: 1_000,
      onFailure: 'continue',
    });
  });

  it("leaves out a handler whose condition is false, with the reason 'condition false'", () => {
    const selected = selectHandlers(
      {
        handlers: [
          handler({ id: 1, priority: 1, condition: { path: 'data.balance', op: 'lt', value: 0 } }),
          handler({
            id: 2,
            priority: 2,
            name: 'positive only',
            condition: { path: 'data.balance', op: 'gte', value: 0 },
          }),
          handler({ id: 3, priority: 3 }),
        ],
      },
      event
    );
    expect(ids(selected)).toEqual([1, 3]);
    expect(selected.notSelected).toEqual([{ handlerId: 2, name: 'positive only', reason: 'condition false' }]);
  });

  it("narrows a replay to onlyHandlerIds; the others are 'not replayed', whatever their condition", () => {
    const selected = selectHandlers(
      {
        handlers: [
          handler({ id: 1, priority: 1 }),
          handler({ id: 2, priority: 2 }),
          // Not replayed wins over condition false: the replay never asked for it, so its condition is not evaluated.
          handler({ id: 3, priority: 3, condition: { path: 'data.plan', op: 'eq', value: 'free' } }),
        ],
      },
      event,
      [2]
    );
    expect(ids(selected)).toEqual([2]);
    expect(selected.notSelected).toEqual([
      { handlerId: 1, name: 'handler 1', reason: 'not replayed' },
      { handlerId: 3, name: 'handler 3', reason: 'not replayed' },
    ]);
  });

  it('still evaluates the condition of a handler the replay asks for', () => {
    const selected = selectHandlers(
      {
        handlers: [
          handler({ id: 1, priority: 1, condition: { path: 'data.plan', op: 'eq', value: 'free' } }),
          handler({ id: 2, priority: 2 }),
        ],
      },
      event,
      [1, 2]
    );
    expect(ids(selected)).toEqual([2]);
    expect(selected.notSelected).toEqual([{ handlerId: 1, name: 'handler 1', reason: 'condition false' }]);
  });

  it('answers an empty plan for an event type without handlers', () => {
    expect(
      selectHandlers({ handlers: [handler({ id: 1, priority: 1 })] }, { ...event, type: 'accounts.create' })
    ).toEqual({ handlers: [], notSelected: [] });
  });
});
