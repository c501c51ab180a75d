import { describe, expect, it } from 'vitest';
import { escapeUnstorableJson, escapeUnstorableText } from './escape-unstorable';

describe('escaping what PostgreSQL cannot store', () => {
  it('keeps ordinary text, emoji (a valid surrogate pair) included', () => {
    expect(escapeUnstorableText('ünïcode 🚀')).toEqual({ value: 'ünïcode 🚀', escaped: false });
  });

  it('escapes NUL and lone surrogates, and says so', () => {
    expect(escapeUnstorableText('a\u0000b')).toEqual({ value: 'a\\u0000b', escaped: true });
    expect(escapeUnstorableText('x\ud800y\udc00z')).toEqual({ value: 'x\ufffdy\ufffdz', escaped: true });
  });

  it('walks JSON values, keys included', () => {
    expect(escapeUnstorableJson({ 'k\u0000': ['v\ud800', 1, null, { ok: true }] })).toEqual({
      value: { 'k\\u0000': ['v\ufffd', 1, null, { ok: true }] },
      escaped: true,
    });
    expect(escapeUnstorableJson({ a: 'b' })).toEqual({ value: { a: 'b' }, escaped: false });
  });
});
