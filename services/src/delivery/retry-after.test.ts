import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

const now = new Date('2026-11-29T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds and caps them', () => {
    expect(parseRetryAfter('5', now, 60_000)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now, 60_000)).toBe(0);
    expect(parseRetryAfter('3600', now, 60_000)).toBe(60_000);
  });

  it('reads HTTP dates relative to now, past dates as 0', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:30 GMT', now, 60_000)).toBe(30_000);
    expect(parseRetryAfter('Sunday, 29-Nov-26 10:00:30 GMT', now, 60_000)).toBe(30_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', now, 60_000)).toBe(0);
    expect(parseRetryAfter('Mon, 30 Nov 2026 10:00:00 GMT', now, 60_000)).toBe(60_000);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(undefined, now, 60_000)).toBeNull();
    expect(parseRetryAfter('', now, 60_000)).toBeNull();
    expect(parseRetryAfter('1.5', now, 60_000)).toBeNull();
    expect(parseRetryAfter('-1', now, 60_000)).toBeNull();
    expect(parseRetryAfter('soon', now, 60_000)).toBeNull();
  });
});
