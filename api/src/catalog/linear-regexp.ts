import { compileLinearPattern, patternProblem, type LinearPattern } from '@hookline/domain';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';
import traverse from 'json-schema-traverse';
import type { FieldError } from '../http/problem';

/**
 * Ajv's regular expression engine for `pattern` and `patternProperties` (ajv routes both through
 * `code.regExp`): the domain's RE2 engine instead of the backtracking RegExp, so a custom type's
 * schema cannot stall the API's event loop on a crafted string (see the domain's linear-pattern.ts).
 */

/** Ajv keys its scope of compiled patterns by toString(), which a plain object would give as "[object Object]". */
class AdaptedPattern implements RegExpLike {
  constructor(
    private readonly key: string,
    readonly test: (s: string) => boolean
  ) {}
  toString(): string {
    return this.key;
  }
}

function adapt(pattern: LinearPattern): RegExpLike {
  return new AdaptedPattern(`re2:${pattern.source}`, (s) => pattern.test(s));
}

const NEVER: RegExpLike = new AdaptedPattern('re2-never', () => false);

/**
 * For registration: a pattern RE2 cannot run fails the schema's compilation. {@link patternFieldErrors}
 * names where the pattern is first; this catches one in a keyword the walk does not know.
 */
export const registrationRegExp: RegExpEngine = Object.assign(
  (pattern: string): RegExpLike => {
    const problem = patternProblem(pattern);
    if (problem !== null) throw new Error(`pattern "${pattern}" ${problem}`);
    return adapt(compileLinearPattern(pattern));
  },
  // Only read when generating standalone code, which Hookline never does.
  { code: 'hooklineLinearRegExp' }
);

/**
 * For validating events: a stored schema whose pattern RE2 cannot compile (saved before patterns were
 * checked) fails that pattern for every value, rather than failing the request with a 500.
 */
export const validationRegExp: RegExpEngine = Object.assign(
  (pattern: string): RegExpLike => {
    try {
      return adapt(compileLinearPattern(pattern));
    } catch {
      return NEVER;
    }
  },
  { code: 'hooklineLinearRegExp' }
);

/** Every `pattern` and `patternProperties` key RE2 cannot run or that is too long, as a path into `schema`. */
export function patternFieldErrors(schema: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = [];
  traverse(schema, { allKeys: true }, (sub, pointer) => {
    const at = pointerPath(pointer);
    const pattern: unknown = sub['pattern'];
    if (typeof pattern === 'string') {
      const problem = patternProblem(pattern);
      if (problem !== null) out.push({ path: ['schema', ...at, 'pattern'].join('.'), message: problem });
    }
    const patternProperties: unknown = sub['patternProperties'];
    if (patternProperties !== null && typeof patternProperties === 'object') {
      for (const key of Object.keys(patternProperties)) {
        const problem = patternProblem(key);
        if (problem !== null) {
          out.push({ path: ['schema', ...at, 'patternProperties', key].join('.'), message: problem });
        }
      }
    }
  });
  return out;
}

/** `/properties/a~1b` → `['properties', 'a/b']` (RFC 6901 unescaping). */
function pointerPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
