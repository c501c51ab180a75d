import type { z } from 'zod';
import { HttpProblem, validationProblem, type FieldError } from './problem';

/** True when `path` names a key that the input does not have at all (as opposed to a wrong value). */
function isAbsent(input: unknown, path: PropertyKey[]): boolean {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return true;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === undefined;
}

/** zod issues as `[{path: 'data.balance', message}]`, one per field, with plain wording for the common cases. */
export function fieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: [...path, key].join('.'), message: 'is not a known field' });
    } else if (issue.code !== 'custom' && path.length > 0 && isAbsent(input, issue.path)) {
      errors.push({ path: path.join('.'), message: 'is required' });
    } else {
      errors.push({ path: path.join('.'), message: issue.message });
    }
  }
  return errors;
}

/** `value` checked against `schema`: its output, or a 400 problem naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(fieldErrors(result.error, value));
  return result.data;
}

/**
 * The JSON body, validated. A body that was not JSON at all is refused before the schema sees it;
 * an `optional` body (every field optional) may be left out, which counts as `{}`.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  contentType: string | undefined,
  optional: boolean
): z.output<S> {
  if (body === undefined) {
    if (optional && contentType === undefined) return parseInput(schema, {});
    if (contentType && !/json/i.test(contentType)) {
      throw new HttpProblem(415, `Send the body as application/json, not ${contentType}.`);
    }
    throw validationProblem([{ path: '', message: 'a JSON body is required' }]);
  }
  return parseInput(schema, body);
}
