/**
 * PostgreSQL stores text as UTF-8 without NUL: a `\u0000`, or a lone UTF-16 surrogate (which has no UTF-8 form), makes
 * it refuse the whole row. What Hookline writes into its log — a receiver's answer, a script's output, an error — can
 * hold either, so it is escaped before it is stored, and the row says so.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** NUL becomes the six characters `\u0000`; a lone surrogate becomes U+FFFD. */
export function escapeUnstorable(text: string): string {
  return text.replace(UNSTORABLE_ALL, (c) => (c === '\u0000' ? '\\u0000' : '\ufffd'));
}

export interface Storable<T> {
  value: T;
  /** True when something had to be escaped. */
  escaped: boolean;
}

export function storableText(text: string): Storable<string> {
  return isStorableText(text) ? { value: text, escaped: false } : { value: escapeUnstorable(text), escaped: true };
}

/** The same for a JSON value: every string and every key, at any depth. */
export function storableJson(value: unknown): Storable<unknown> {
  let escaped = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const s = storableText(v);
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
  const result = walk(value);
  return { value: result, escaped };
}
