import { describe, expect, it } from 'vitest';
import { isStorableText, storableJson, storableText } from './storable';

describe('storable text', () => {
  it('keeps ordinary text, emoji (a valid surrogate pair) included', () => {
    expect(storableText('ünïcode 🚀')).toEqual({ value: 'ünïcode 🚀', escaped: false });
  });

  it('escapes NUL and lone surrogates, and says so', () => {
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(storableText('a\u0000b')).toEqual({ value: 'a\\u0000b', escaped: true });
    expect(storableText('x\ud800y\udc00z')).toEqual({ value: 'x\ufffdy\ufffdz', escaped: true });
  });

  it('walks JSON values, keys included', () => {
    expect(storableJson({ 'k\u0000': ['v\ud800', 1, null, { ok: true }] })).toEqual({
      value: { 'k\\u0000': ['v\ufffd', 1, null, { ok: true }] },
      escaped: true,
    });
    expect(storableJson({ a: 'b' })).toEqual({ value: { a: 'b' }, escaped: false });
  });
});
