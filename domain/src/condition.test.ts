import { describe, expect, it } from 'vitest';
import { Condition, evaluateCondition, readPath } from './condition';

const event = {
  id: 'e1',
  type: 'clients.update',
  objectId: '12',
  occurredAt: '2026-11-29T10:00:00Z',
  data: { balance: '-3.20', name: 'ACME Hosting', tags: ['vip', 'eu'], reseller: { id: 7 }, none: null },
};

describe('evaluateCondition', () => {
  it.each([
    [{ path: 'data.balance', op: 'lt', value: 0 }, true],
    [{ path: 'data.balance', op: 'gte', value: 0 }, false],
    [{ path: 'data.balance', op: 'eq', value: -3.2 }, true],
    [{ path: 'data.reseller.id', op: 'eq', value: 7 }, true],
    [{ path: 'data.reseller.id', op: 'ne', value: 7 }, false],
    [{ path: 'objectId', op: 'in', value: [11, 12] }, true],
    [{ path: 'objectId', op: 'nin', value: ['12'] }, false],
    [{ path: 'data.tags', op: 'contains', value: 'vip' }, true],
    [{ path: 'data.name', op: 'contains', value: 'Hosting' }, true],
    [{ path: 'data.name', op: 'matches', value: '^acme' }, false],
    [{ path: 'data.name', op: 'matches', value: '^ACME' }, true],
    [{ path: 'data.missing', op: 'exists' }, false],
    [{ path: 'data.none', op: 'exists' }, false],
    [{ path: 'data.missing', op: 'exists', value: false }, true],
    [{ path: 'data.name', op: 'gt', value: 'ABC' }, true],
    [{ path: 'data.tags.1', op: 'eq', value: 'eu' }, true],
  ] as const)('%j → %s', (leaf, expected) => {
    expect(evaluateCondition(Condition.parse(leaf), event)).toBe(expected);
  });

  it('combines all, any and not', () => {
    const rule = Condition.parse({
      all: [
        { path: 'data.balance', op: 'lt', value: 0 },
        {
          any: [{ path: 'data.tags', op: 'contains', value: 'us' }, { not: { path: 'objectId', op: 'eq', value: 1 } }],
        },
      ],
    });
    expect(evaluateCondition(rule, event)).toBe(true);
    expect(evaluateCondition(rule, { ...event, objectId: '1' })).toBe(false);
  });

  it('treats no condition as always true', () => {
    expect(evaluateCondition(null, event)).toBe(true);
  });

  it('never reads inherited properties', () => {
    expect(readPath(event, 'data.constructor')).toBeUndefined();
    expect(readPath(event, 'data.name.length')).toBeUndefined();
  });
});

describe('Condition schema', () => {
  it.each([
    [{ path: 'data.x', op: 'matches', value: '([' }, 'value'],
    [{ path: 'data.x', op: 'in', value: 3 }, 'value'],
    [{ path: 'data.x', op: 'gt', value: { a: 1 } }, 'value'],
    [{ path: 'data..x', op: 'eq', value: 1 }, 'path'],
    [{ path: 'data.x', op: 'like', value: 1 }, 'op'],
    [{ path: 'data.x', op: 'eq' }, 'value'],
  ])('rejects %j', (leaf, field) => {
    const result = Condition.safeParse(leaf);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });

  it('rejects empty groups and unknown keys', () => {
    expect(Condition.safeParse({ all: [] }).success).toBe(false);
    expect(Condition.safeParse({ all: [{ path: 'a', op: 'exists' }], extra: 1 }).success).toBe(false);
  });

  it('rejects trees nested too deep', () => {
    let deep: unknown = { path: 'data.x', op: 'exists' };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(Condition.safeParse(deep).success).toBe(false);
  });
});
