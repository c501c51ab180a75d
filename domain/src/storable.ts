import { z } from 'zod';

/**
 * What PostgreSQL can store, checked where input arrives rather than where it is written.
 *
 * `text` and `jsonb` refuse the NUL character, and a lone UTF-16 surrogate has no UTF-8 encoding.
 * An event accepted with either would be answered 202 and then never recorded, so such text is
 * refused up front, in the schemas every entry point shares (the API, `emitEvent`, the editor).
 */

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = 'may not contain the NUL character or unpaired UTF-16 surrogates';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A string PostgreSQL can store: chain length and format checks after it. */
export function storableText() {
  return z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

/** Serial ids and versions are int4: a larger number cannot name a row and makes PostgreSQL throw. */
export const MAX_SERIAL = 2_147_483_647;

/** Deepest `data` of an event: objects and arrays in objects and arrays, `data` itself counting as 1. */
export const MAX_DATA_DEPTH = 32;

export interface JsonLimits {
  /** Containers within containers, the value itself counting as 1. */
  maxDepth: number;
}

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first reason a parsed JSON value cannot be stored as is: a string or key PostgreSQL refuses,
 * a number JSON cannot carry (a literal like 1e400 parses to Infinity, which would be stored as
 * null), a value that is not JSON at all, or nesting past `maxDepth`. The walk keeps its own stack,
 * so that no input, however deep, can exhaust the call stack on the way to refusing it.
 */
export function jsonProblem(value: unknown, limits: JsonLimits): JsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path, message: UNSTORABLE_TEXT_MESSAGE };
      continue;
    }
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return { path, message: 'must be a finite number' };
      continue;
    }
    if (current === null || typeof current === 'boolean') continue;
    if (typeof current !== 'object') return { path, message: 'must be JSON' };
    // The value itself is depth 1: a path of n steps reaches a container at depth n + 1. The
    // problem names the whole value: a path as deep as the cap would say nothing more.
    if (path.length + 1 > limits.maxDepth) return { path: [], message: `nests deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(current)) {
      current.forEach((item: unknown, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (!isStorableText(key)) return { path, message: `has a key that ${UNSTORABLE_TEXT_MESSAGE}` };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

/** A zod check for a JSON value that PostgreSQL must store: attach with `.superRefine(storableJson(...))`. */
export function storableJson(limits: JsonLimits) {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const problem = jsonProblem(value, limits);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  };
}

// timestamptz takes years 1 to 294276, but its text input has no year 0, and a JavaScript Date
// prints years past 9999 with a sign PostgreSQL does not read: the four-digit years are the range
// every layer agrees on.
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

export const INSTANT_RANGE_MESSAGE = 'must be a time between the years 0001 and 9999 (UTC)';

/** True for an ISO 8601 time whose year, as written and in UTC, is one PostgreSQL can store and read back. */
export function isStorableInstant(iso: string): boolean {
  const ms = Date.parse(iso);
  return !/^0000/.test(iso) && Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** ISO 8601 with an offset, within the years PostgreSQL stores. */
export const StorableInstant = z.iso.datetime({ offset: true }).refine(isStorableInstant, INSTANT_RANGE_MESSAGE);
