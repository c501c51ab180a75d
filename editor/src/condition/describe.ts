import type { Condition, ConditionOp } from '@hookline/domain';

export const OP_TEXT: Record<ConditionOp, string> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'in',
  nin: 'not in',
  exists: 'exists',
  contains: 'contains',
  matches: 'matches',
};

export const OP_LABELS: Record<ConditionOp, string> = {
  eq: 'equals',
  ne: 'does not equal',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  nin: 'is none of',
  exists: 'exists',
  contains: 'contains',
  matches: 'matches regex',
};

function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '';
  return JSON.stringify(value);
}

function describeNested(condition: Condition): string {
  const text = describeCondition(condition);
  return ('all' in condition && condition.all.length > 1) || ('any' in condition && condition.any.length > 1)
    ? `(${text})`
    : text;
}

/** One line of plain text for a condition, as the canvas badges and the list show it. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeNested).join(' and ');
  if ('any' in condition) return condition.any.map(describeNested).join(' or ');
  if ('not' in condition) return `not ${describeNested(condition.not)}`;
  if (condition.op === 'exists')
    return condition.value === false ? `${condition.path} missing` : `${condition.path} exists`;
  return `${condition.path} ${OP_TEXT[condition.op]} ${valueText(condition.value)}`;
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
