import { z } from 'zod';
import type * as evaluation from './condition-eval';
import { CONDITION_OPS, type ConditionOp } from './condition-eval';
import { patternProblem } from './linear-pattern';
import { jsonProblem, MAX_DATA_DEPTH } from './storable';

export { CONDITION_OPS, evaluateCondition, readPath } from './condition-eval';
export type { ConditionLeaf, ConditionOp } from './condition-eval';
export type Condition = evaluation.Condition;

const MAX_DEPTH = 8;
/** Most conditions (groups, negations and leaves) in one tree: each one is evaluated per event. */
export const MAX_CONDITION_NODES = 500;

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

/**
 * The tree's size, depth and leaf values, checked on the raw input before the recursive schema
 * parses it: parsing recurses once per level, and a tree nested thousands deep would exhaust the
 * call stack before any cap could refuse it. The walk keeps its own stack.
 */
function treeProblem(input: unknown): { path: (string | number)[]; message: string } | null {
  const stack: { node: unknown; depth: number; path: (string | number)[] }[] = [{ node: input, depth: 1, path: [] }];
  let nodes = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, depth, path } = next;
    // Anything but an object is left to the schema, which names what is wrong with it.
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    if (++nodes > MAX_CONDITION_NODES) return { path: [], message: `has more than ${MAX_CONDITION_NODES} conditions` };
    if (depth > MAX_DEPTH) return { path: [], message: `nests deeper than ${MAX_DEPTH} levels` };
    const record = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      const children = record[group];
      if (Array.isArray(children)) {
        children.forEach((child: unknown, i) =>
          stack.push({ node: child, depth: depth + 1, path: [...path, group, i] })
        );
      }
    }
    if ('not' in record) stack.push({ node: record['not'], depth: depth + 1, path: [...path, 'not'] });
    if ('value' in record) {
      const problem = jsonProblem(record['value'], { maxDepth: MAX_DATA_DEPTH });
      if (problem) return { path: [...path, 'value', ...problem.path], message: problem.message };
    }
  }
  return null;
}

const ConditionTree: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(Condition).min(1).max(50) }).strict(),
    z.object({ any: z.array(Condition).min(1).max(50) }).strict(),
    z.object({ not: Condition }).strict(),
    ConditionLeafSchema,
  ])
);

// A transform in front of the pipe, not a refinement after it, so that it runs first; JSON Schema
// (and so OpenAPI) describes a pipe that starts with a transform by its output, the tree itself.
export const Condition: z.ZodType<Condition> = z
  .transform((input: unknown, ctx) => {
    const problem = treeProblem(input);
    if (!problem) return input;
    ctx.issues.push({ code: 'custom', input, path: problem.path, message: problem.message });
    return z.NEVER;
  })
  .pipe(ConditionTree);

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
