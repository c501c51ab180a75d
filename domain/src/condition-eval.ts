import { testPattern } from './linear-pattern';

/**
 * Condition evaluation: it runs inside the workflow sandbox (where every import is bundled into
 * every workflow context), in the API and in the editor, so its one dependency, the linear-time
 * regular expression engine, is pure JavaScript with no Node API.
 */
export const CONDITION_OPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'exists',
  'contains',
  'matches',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export type ConditionLeaf = { path: string; op: ConditionOp; value?: unknown };
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | ConditionLeaf;

/** Reads a dotted path out of the event; array indexes are plain segments (`data.items.0.id`). */
export function readPath(subject: unknown, path: string): unknown {
  let current: unknown = subject;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Pure and deterministic: the worker (inside the workflow sandbox), the API's dry run and the
 * editor's preview all call this one function, so a rule means the same thing everywhere.
 */
export function evaluateCondition(condition: Condition | null | undefined, subject: unknown): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, subject));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, subject));
  if ('not' in condition) return !evaluateCondition(condition.not, subject);
  return evaluateLeaf(condition, readPath(subject, condition.path));
}

function evaluateLeaf(leaf: ConditionLeaf, actual: unknown): boolean {
  const expected = leaf.value;
  switch (leaf.op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected ?? true);
    case 'eq':
      return looselyEqual(actual, expected);
    case 'ne':
      return !looselyEqual(actual, expected);
    case 'gt':
      return compare(actual, expected, (d) => d > 0);
    case 'gte':
      return compare(actual, expected, (d) => d >= 0);
    case 'lt':
      return compare(actual, expected, (d) => d < 0);
    case 'lte':
      return compare(actual, expected, (d) => d <= 0);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => looselyEqual(actual, e));
    case 'nin':
      return Array.isArray(expected) && !expected.some((e) => looselyEqual(actual, e));
    case 'contains':
      if (typeof actual === 'string') return actual.includes(String(expected));
      if (Array.isArray(actual)) return actual.some((a) => looselyEqual(a, expected));
      return false;
    case 'matches':
      // Never the platform's backtracking RegExp: see linear-pattern.ts.
      return typeof actual === 'string' && typeof expected === 'string' && testPattern(expected, actual);
  }
}

/**
 * Billing payloads carry numbers as strings as often as numbers ("balance": "-10.50"),
 * so a numeric string and a number compare by value.
 */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na === nb;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

function compare(a: unknown, b: unknown, test: (difference: number) => boolean): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return test(na - nb);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim())) {
    return Number(v);
  }
  return null;
}
