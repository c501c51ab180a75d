import { z } from 'zod';
import type * as evaluation from './condition-eval';
import { CONDITION_OPS, type ConditionOp } from './condition-eval';
import { patternProblem } from './linear-pattern';

export { CONDITION_OPS, evaluateCondition, readPath } from './condition-eval';
export type { ConditionLeaf, ConditionOp } from './condition-eval';
export type Condition = evaluation.Condition;

const MAX_DEPTH = 8;

export const ConditionLeafSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z_$][\w$]*(\.[\w$]+)*$/, 'must be a dotted path such as data.balance'),
    op: z.enum(CONDITION_OPS),
    value: z.unknown().optional(),
  })
  .strict()
  .superRefine((leaf, ctx) => {
    const issue = leafValueProblem(leaf.op, leaf.value);
    if (issue) ctx.addIssue({ code: 'custom', path: ['value'], message: issue });
  });

export const Condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.object({ all: z.array(Condition).min(1).max(50) }).strict(),
      z.object({ any: z.array(Condition).min(1).max(50) }).strict(),
      z.object({ not: Condition }).strict(),
      ConditionLeafSchema,
    ])
  )
  .superRefine((condition, ctx) => {
    if (depthOf(condition) > MAX_DEPTH)
      ctx.addIssue({ code: 'custom', message: `nests deeper than ${MAX_DEPTH} levels` });
  });

function depthOf(c: Condition): number {
  if ('all' in c) return 1 + Math.max(...c.all.map(depthOf));
  if ('any' in c) return 1 + Math.max(...c.any.map(depthOf));
  if ('not' in c) return 1 + depthOf(c.not);
  return 1;
}

/** Checked when a condition is saved, so that evaluation itself can never fail at run time. */
function leafValueProblem(op: ConditionOp, value: unknown): string | null {
  switch (op) {
    case 'exists':
      return value === undefined || typeof value === 'boolean' ? null : 'must be true or false (or omitted)';
    case 'in':
    case 'nin':
      return Array.isArray(value) && value.every(isScalar) ? null : 'must be a list of strings, numbers or booleans';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' || typeof value === 'string' ? null : 'must be a number or a string';
    case 'matches':
      if (typeof value !== 'string') return 'must be a regular expression as a string';
      return patternProblem(value);
    case 'contains':
      return isScalar(value) ? null : 'must be a string, number or boolean';
    case 'eq':
    case 'ne':
      return value === undefined ? 'is required' : isJson(value) ? null : 'must be JSON';
  }
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isJson(v: unknown): boolean {
  return v === null || isScalar(v) || Array.isArray(v) || typeof v === 'object';
}
