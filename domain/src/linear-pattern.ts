import { RE2JS } from 're2js';

/**
 * User-supplied regular expressions (condition `matches`, JSON Schema `pattern`) run on RE2's
 * linear-time engine, never on the platform's backtracking RegExp: `^(a+)+$` against a long run of
 * `a`s followed by `!` takes exponential time on a backtracking engine, and these patterns run in
 * the API's event loop and in the worker. re2js is pure JavaScript with no Node API, so the same
 * engine runs in the editor, in the API and inside the workflow sandbox, and a rule means the same
 * thing everywhere.
 *
 * The syntax is RE2's: no backreferences (`\1`) and no lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`),
 * which only a backtracking engine can run; `\x{41}` rather than `\u0041`. Such patterns are refused
 * when saved ({@link patternProblem}).
 */

/** The longest pattern accepted when a condition or a schema is saved. */
export const PATTERN_MAX_LENGTH = 256;

/**
 * The longest string a pattern is tried against (UTF-16 code units, as `String.length` counts): a
 * longer one never matches. Refused rather than cut, so that `^…$` cannot match a prefix of a value
 * that, whole, it does not match.
 */
export const PATTERN_SUBJECT_MAX_LENGTH = 64 * 1024;

/** Why `pattern` cannot be saved, or null when it can. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > PATTERN_MAX_LENGTH) return `must be at most ${PATTERN_MAX_LENGTH} characters`;
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (err) {
    return `is not a valid regular expression for RE2, the linear-time engine patterns run on (no backreferences or lookarounds): ${describe(err)}`;
  }
}

/** A compiled pattern; `test` searches anywhere in the string, as `RegExp.prototype.test` does. */
export interface LinearPattern {
  readonly source: string;
  test(subject: string): boolean;
}

/**
 * Compiles with RE2; throws when RE2 cannot (the message says why). No length cap here: a pattern
 * saved before the cap existed still runs, and in linear time.
 */
export function compileLinearPattern(pattern: string): LinearPattern {
  const compiled = RE2JS.compile(pattern);
  return {
    source: pattern,
    test: (subject) => subject.length <= PATTERN_SUBJECT_MAX_LENGTH && compiled.test(subject),
  };
}

// Conditions are evaluated for every event, and RE2 compilation is far dearer than a match; a small
// cache keyed by the pattern text keeps that cost per pattern, bounded so it cannot grow without end.
const CACHE_LIMIT = 500;
const cache = new Map<string, LinearPattern | null>();

/**
 * Whether `pattern` matches somewhere in `subject`. Never throws: a pattern RE2 cannot compile (one
 * saved before patterns were checked with it) matches nothing, and so does a subject longer than
 * {@link PATTERN_SUBJECT_MAX_LENGTH}.
 */
export function testPattern(pattern: string, subject: string): boolean {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = compileLinearPattern(pattern);
    } catch {
      compiled = null;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled !== null && compiled.test(subject);
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // "error parsing regexp: invalid escape sequence: `\1`" → what follows the engine's own prefix.
  return message.replace(/^error parsing regexp:\s*/, '');
}
