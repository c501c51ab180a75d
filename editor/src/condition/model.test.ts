import { canonicalJson, type Condition } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import {
  fromCondition,
  parseValue,
  placeErrors,
  previewTree,
  showValue,
  toCondition,
  validateTree,
  withGroupKind,
  type UiGroup,
} from './model';

describe('condition tree', () => {
  const conditions: Condition[] = [
    { path: 'data.balance', op: 'lt', value: 0 },
    {
      all: [
        { path: 'data.balance', op: 'lt', value: '-3.20' },
        { path: 'objectId', op: 'eq', value: '12' },
      ],
    },
    {
      any: [
        { path: 'data.status', op: 'in', value: ['active', 'trial', 3, true] },
        { not: { path: 'data.reseller.id', op: 'exists' } },
      ],
    },
    { path: 'data.name', op: 'matches', value: '^ACME\\s' },
    { path: 'data.tags', op: 'nin', value: ['a,b', 'c'] },
    { path: 'data.x', op: 'eq', value: { nested: [1, 2] } },
    { path: 'data.x', op: 'exists', value: false },
    { path: 'data.x', op: 'ne', value: 'null' },
  ];

  it.each(conditions.map((c) => [canonicalJson(c), c] as const))('round-trips %s exactly', (_name, condition) => {
    expect(canonicalJson(toCondition(fromCondition(condition)))).toBe(canonicalJson(condition));
  });

  it('reads typed values: JSON when it is JSON, text otherwise; lists split on commas', () => {
    expect(parseValue('eq', '12')).toBe(12);
    expect(parseValue('eq', '"12"')).toBe('12');
    expect(parseValue('eq', 'active')).toBe('active');
    expect(parseValue('in', 'a, 2, true')).toEqual(['a', 2, true]);
    expect(parseValue('in', '["a,b"]')).toEqual(['a,b']);
    expect(parseValue('matches', '^(a|b)$')).toBe('^(a|b)$');
    expect(showValue('eq', '12')).toBe('"12"');
  });

  it('gathers several conditions into an all-group when a group becomes "not"', () => {
    const group = fromCondition({
      all: [
        { path: 'data.a', op: 'eq', value: 1 },
        { path: 'data.b', op: 'eq', value: 2 },
      ],
    }) as UiGroup;
    expect(toCondition(withGroupKind(group, 'not'))).toEqual({
      not: {
        all: [
          { path: 'data.a', op: 'eq', value: 1 },
          { path: 'data.b', op: 'eq', value: 2 },
        ],
      },
    });
  });

  it('places the shared schema’s issues on the rows they concern', () => {
    const tree = fromCondition({
      all: [
        { path: 'data.a', op: 'eq', value: 1 },
        { path: 'data.b', op: 'matches', value: '(' },
      ],
    }) as UiGroup;
    const errors = validateTree(tree);
    expect(errors.get(tree.children[1]!.key)?.value).toMatch(/not a valid regular expression/);
    expect(errors.has(tree.children[0]!.key)).toBe(false);
  });

  it('places server issues given as dotted paths', () => {
    const tree = fromCondition({
      any: [{ path: 'data.a', op: 'eq', value: 1 }, { not: { path: 'data.b', op: 'gt', value: 1 } }],
    }) as UiGroup;
    const not = tree.children[1] as UiGroup;
    const placed = placeErrors(tree, [{ path: ['any', 1, 'not', 'path'], message: 'is not known' }]);
    expect(placed.get(not.children[0]!.key)).toEqual({ path: 'is not known' });
  });

  it('previews every node with the worker’s evaluator', () => {
    const tree = fromCondition({
      all: [
        { path: 'data.balance', op: 'lt', value: 0 },
        { path: 'objectId', op: 'eq', value: 12 },
      ],
    }) as UiGroup;
    const preview = previewTree(tree, { objectId: '12', data: { balance: '-10.50' } });
    expect(preview.holds.get(tree.key)).toBe(true);
    expect(preview.actual.get(tree.children[0]!.key)).toBe('-10.50');
  });
});
