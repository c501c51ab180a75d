import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { RegExpEngine } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import type { FieldError } from '../http/problem';
import { patternFieldErrors, registrationRegExp, validationRegExp } from './linear-regexp';

const MAX_ERRORS = 20;

/**
 * One Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) per schema: schemas of different event
 * types may reuse the same `$id`, and Ajv's own cache is keyed by object, which would grow with
 * every request that brings a fresh copy from the database.
 */
function newAjv(regExp: RegExpEngine): Ajv2020 {
  // strictSchema: an unknown keyword (a typo such as "requried") is refused at registration.
  // code.regExp: `pattern` and `patternProperties` run on RE2, in linear time (linear-regexp.ts).
  const ajv = new Ajv2020({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    code: { regExp },
  });
  addFormats(ajv);
  return ajv;
}

/** `/items/0/id` → `items.0.id` (RFC 6901 unescaping). */
function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function join(prefix: string, segments: string[]): string {
  return [prefix, ...segments].filter((s) => s !== '').join('.');
}

/** Ajv errors as `[{path: 'data.amount', message}]`, naming the missing or unknown property itself. */
export function ajvFieldErrors(errors: ErrorObject[] | null | undefined, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const at = pointerToPath(error.instancePath);
    let field: FieldError;
    if (error.keyword === 'required' && typeof error.params['missingProperty'] === 'string') {
      field = { path: join(prefix, [...at, error.params['missingProperty']]), message: 'is required' };
    } else if (error.keyword === 'additionalProperties' && typeof error.params['additionalProperty'] === 'string') {
      field = { path: join(prefix, [...at, error.params['additionalProperty']]), message: 'is not a known field' };
    } else {
      field = { path: join(prefix, at), message: error.message ?? `fails ${error.keyword}` };
    }
    const key = `${field.path}\u0000${field.message}`;
    if (!seen.has(key)) out.push(field);
    seen.add(key);
    if (out.length >= MAX_ERRORS) break;
  }
  return out;
}

export type CompiledDataSchema = ValidateFunction;

/**
 * Checks a JSON Schema given at registration: against the 2020-12 meta-schema, then its patterns
 * (RE2 syntax, at most PATTERN_MAX_LENGTH characters), then by compiling it (which also catches
 * unresolvable `$ref`s and unknown formats). Errors point into `schema`.
 */
export function dataSchemaProblems(schema: Record<string, unknown>): FieldError[] {
  const ajv = newAjv(registrationRegExp);
  if (!ajv.validateSchema(schema)) return ajvFieldErrors(ajv.errors, 'schema');
  const patterns = patternFieldErrors(schema);
  if (patterns.length > 0) return patterns;
  try {
    ajv.compile(schema);
    return [];
  } catch (err) {
    return [{ path: 'schema', message: `cannot be compiled: ${(err as Error).message}` }];
  }
}

/** Compiles a schema that passed {@link dataSchemaProblems}. */
export function compileDataSchema(schema: Record<string, unknown>): CompiledDataSchema {
  return newAjv(validationRegExp).compile(schema);
}
