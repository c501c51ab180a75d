import { isStorableText } from './storable';

/**
 * What Hookline writes into its log on its own account — a receiver's answer, a script's output, an error — can hold
 * what PostgreSQL cannot store as text (NUL, a lone surrogate), and must still be logged: it is escaped, and the
 * row says so. (Input from callers is refused instead: see `storable.ts`.)
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface Escaped<T> {
  value: T;
  /** True when something had to be escaped. */
  escaped: boolean;
}

/** NUL becomes the six characters `\u0000`; a lone surrogate becomes U+FFFD. */
export function escapeUnstorableText(text: string): Escaped<string> {
  if (isStorableText(text)) return { value: text, escaped: false };
  return { value: text.replace(UNSTORABLE_ALL, (c) => (c === '\u0000' ? '\\u0000' : '\ufffd')), escaped: true };
}

/** The same for a JSON value: every string and every key, at any depth. */
export function escapeUnstorableJson(value: unknown): Escaped<unknown> {
  let escaped = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const s = escapeUnstorableText(v);
      escaped ||= s.escaped;
      return s.value;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [walk(k) as string, walk(x)])
      );
    }
    return v;
  };
  return { value: walk(value), escaped };
}
