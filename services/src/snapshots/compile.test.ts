import type { HandlerRow } from '@hookline/db';
import { describe, expect, it } from 'vitest';
import { compileSnapshotContent } from './compile';

const now = new Date('2026-11-29T10:00:00Z');

function row(overrides: Partial<HandlerRow>): HandlerRow {
  return {
    id: 1,
    name: 'h',
    event: 'clients.create',
    kind: 'http',
    target: 'http://127.0.0.1/x',
    status: 'enabled',
    priority: 1,
    condition: null,
    retry: { maxAttempts: 5, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60_000 },
    timeoutMs: 10_000,
    onFailure: 'continue',
    headers: {},
    secret: null,
    previousSecret: null,
    previousSecretExpiresAt: null,
    position: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe('compileSnapshotContent', () => {
  it('keeps enabled handlers only, ordered by event, priority and id', () => {
    const { handlers } = compileSnapshotContent(
      [
        row({ id: 4, priority: 2 }),
        row({ id: 3, priority: 2 }),
        row({ id: 2, priority: 1, event: 'clients.update' }),
        row({ id: 5, status: 'disabled' }),
        row({ id: 6, status: 'archived' }),
      ],
      now
    );
    expect(handlers.map((h) => h.id)).toEqual([3, 4, 2]);
  });

  it('hashes content, not row order or edit bookkeeping', () => {
    const a = compileSnapshotContent([row({ id: 1 }), row({ id: 2 })], now);
    const b = compileSnapshotContent([row({ id: 2, version: 9, updatedAt: new Date() }), row({ id: 1 })], now);
    const c = compileSnapshotContent([row({ id: 1 }), row({ id: 2, target: 'http://127.0.0.1/y' })], now);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });

  it('signs with the previous secret only until it expires', () => {
    const rotated = row({
      secret: 'whsec_new',
      previousSecret: 'whsec_old',
      previousSecretExpiresAt: new Date(now.getTime() + 1000),
    });
    expect(compileSnapshotContent([rotated], now).handlers[0]?.secrets).toEqual(['whsec_new', 'whsec_old']);
    expect(compileSnapshotContent([rotated], new Date(now.getTime() + 2000)).handlers[0]?.secrets).toEqual([
      'whsec_new',
    ]);
  });
});
