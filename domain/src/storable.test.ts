import { describe, expect, it } from 'vitest';
import { Condition, MAX_CONDITION_NODES } from './condition';
import { EventInput } from './event';
import { BulkReplayRequest } from './replay';
import { isStorableInstant, isStorableText, jsonProblem, MAX_DATA_DEPTH } from './storable';

function nest(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps paired ones', () => {
    expect(isStorableText('plain')).toBe(true);
    expect(isStorableText('😀 emoji')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\ud83d\ude00\ud83d')).toBe(false);
  });
});

describe('storable JSON', () => {
  it('names the first value or key PostgreSQL would refuse', () => {
    expect(jsonProblem({ a: [1, { b: 'x\u0000' }] }, { maxDepth: 8 })?.path).toEqual(['a', 1, 'b']);
    expect(jsonProblem({ a: { ['\ud800']: 1 } }, { maxDepth: 8 })).toMatchObject({ path: ['a'] });
    expect(jsonProblem({ n: Infinity }, { maxDepth: 8 })?.message).toBe('must be a finite number');
    expect(jsonProblem({ a: [{ b: null, c: true, d: 1.5 }] }, { maxDepth: 8 })).toBeNull();
  });

  it('caps depth without recursing, however deep the value', () => {
    expect(
      jsonProblem(
        nest(MAX_DATA_DEPTH - 1, 1, (v) => ({ a: v })),
        { maxDepth: MAX_DATA_DEPTH }
      )
    ).toBeNull();
    expect(
      jsonProblem(
        nest(MAX_DATA_DEPTH, 1, (v) => [v]),
        { maxDepth: MAX_DATA_DEPTH }
      )
    ).toBeNull();
    expect(
      jsonProblem(
        nest(MAX_DATA_DEPTH + 1, 1, (v) => [v]),
        { maxDepth: MAX_DATA_DEPTH }
      )?.message
    ).toBe(`nests deeper than ${MAX_DATA_DEPTH} levels`);
    expect(
      jsonProblem(
        nest(100_000, 1, (v) => ({ a: v })),
        { maxDepth: MAX_DATA_DEPTH }
      )
    ).not.toBeNull();
  });
});

describe('storable instants', () => {
  it('keeps the years 0001 to 9999 in UTC', () => {
    expect(isStorableInstant('0001-01-01T00:00:00Z')).toBe(true);
    expect(isStorableInstant('9999-12-31T23:59:59.999Z')).toBe(true);
    expect(isStorableInstant('2026-03-01T10:00:00.123456+02:00')).toBe(true);
    expect(isStorableInstant('0000-01-01T00:00:00Z')).toBe(false);
    // Year 1 at +01:00 is year 0 in UTC, which a Date prints as 0000.
    expect(isStorableInstant('0001-01-01T00:30:00+01:00')).toBe(false);
    expect(isStorableInstant('9999-12-31T23:30:00-01:00')).toBe(false);
  });
});

describe('schemas refuse what cannot be stored', () => {
  it('an event with NUL, a lone surrogate, year 0000 or data too deep', () => {
    const base = { type: 'clients.create', objectId: 1 };
    const paths = (input: unknown) => {
      const result = EventInput.safeParse(input);
      return result.success ? null : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ ...base, data: { a: 'x\u0000' } })).toEqual(['data.a']);
    expect(paths({ ...base, objectId: '\ud800' })).toEqual(['objectId']);
    expect(paths({ ...base, occurredAt: '0000-01-01T00:00:00Z' })).toEqual(['occurredAt']);
    expect(paths({ ...base, data: nest(10_000, 1, (v) => ({ a: v })) })).toEqual(['data']);
    expect(paths({ ...base, data: { ok: '😀' } })).toBeNull();
  });

  it('a bulk replay from year 0000', () => {
    const result = BulkReplayRequest.safeParse({ filter: { from: '0000-01-01T00:00:00Z' } });
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(['filter.from']);
  });
});

describe('condition caps', () => {
  const leaf = { path: 'data.a', op: 'exists' };

  it('refuses a tree nested 20,000 deep by its depth cap, without exhausting the stack', () => {
    const result = Condition.safeParse(nest(20_000, leaf, (c) => ({ not: c })));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ path: [], message: 'nests deeper than 8 levels' }]);
  });

  it('refuses more than MAX_CONDITION_NODES conditions', () => {
    const wide = { all: Array.from({ length: 50 }, () => ({ any: Array.from({ length: 50 }, () => leaf) })) };
    const result = Condition.safeParse(wide);
    expect(result.error?.issues).toMatchObject([{ message: `has more than ${MAX_CONDITION_NODES} conditions` }]);
  });

  it('checks leaf values for what jsonb cannot store', () => {
    const result = Condition.safeParse({ all: [{ path: 'data.a', op: 'eq', value: { k: ['\u0000'] } }] });
    expect(result.error?.issues).toMatchObject([{ path: ['all', 0, 'value', 'k', 0] }]);
  });

  it('still parses a valid tree to itself', () => {
    const tree = { all: [leaf, { not: { path: 'data.b', op: 'eq', value: { x: [1] } } }] };
    expect(Condition.parse(tree)).toEqual(tree);
  });
});
