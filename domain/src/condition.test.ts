import { describe, expect, it } from 'vitest';
import { Condition, evaluateCondition, readPath } from './condition';
import { PATTERN_MAX_LENGTH, PATTERN_SUBJECT_MAX_LENGTH } from './linear-pattern';

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

describe('matches runs in linear time', () => {
  // On a backtracking engine this pattern takes time exponential in the run of `a`s before the `!`.
  const evil = { path: 'data.name', op: 'matches', value: '^(a+)+$' } as const;

  it('evaluates ^(a+)+$ against 10,000 a then ! at once', () => {
    const rule = Condition.parse(evil);
    const subject = { data: { name: `${'a'.repeat(10_000)}!` } };
    const started = Date.now();
    expect(evaluateCondition(rule, subject)).toBe(false);
    // Generous: RE2 takes a few ms here; a backtracking engine does not finish at all.
    expect(Date.now() - started).toBeLessThan(100);
    expect(evaluateCondition(rule, { data: { name: 'a'.repeat(10_000) } })).toBe(true);
  });

  it('never matches a value longer than the subject cap, and never throws on an unsaved pattern', () => {
    const long = { data: { name: 'a'.repeat(PATTERN_SUBJECT_MAX_LENGTH + 1) } };
    expect(evaluateCondition({ path: 'data.name', op: 'matches', value: 'a' }, long)).toBe(false);
    expect(evaluateCondition({ path: 'data.name', op: 'matches', value: 'a' }, { data: { name: 'a' } })).toBe(true);
    // A condition saved before patterns were checked with RE2 matches nothing rather than failing the event.
    expect(evaluateCondition({ path: 'data.name', op: 'matches', value: '(a)\\1' }, { data: { name: 'aa' } })).toBe(
      false
    );
  });

  it.each([
    ['(a)\\1', /backreferences/],
    ['(?=a)b', /lookarounds/],
    ['(?!a)b', /lookarounds/],
    ['(?<=a)b', /lookarounds/],
    ['(?<!a)b', /lookarounds/],
    ['x'.repeat(PATTERN_MAX_LENGTH + 1), /at most 256 characters/],
  ])('refuses %s when saved', (pattern, message) => {
    const result = Condition.safeParse({ path: 'data.x', op: 'matches', value: pattern });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['value']);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('accepts RE2 patterns up to the length cap', () => {
    expect(Condition.safeParse({ path: 'data.x', op: 'matches', value: 'x'.repeat(PATTERN_MAX_LENGTH) }).success).toBe(
      true
    );
    expect(Condition.safeParse({ path: 'data.x', op: 'matches', value: '^(?i)acme\\d{2,}\\.' }).success).toBe(true);
  });
});
