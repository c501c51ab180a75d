import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';

describe('list queries run under a statement timeout', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { HOOKLINE_LIST_TIMEOUT: '1s' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers a list that runs past it with 503 problem+json and Retry-After, then serves it again', async () => {
    // A lock held elsewhere makes the list wait, which counts against its statement timeout just
    // as a slow plan would.
    const other = postgres(stack.config.databaseUrl ?? '', { max: 1, onnotice: () => undefined });
    try {
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked = (): void => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = other.begin(async (tx) => {
        await tx`lock table audit_log in access exclusive mode`;
        locked();
        await released;
      });
      // Fails the test at once, rather than by its timeout, if the lock cannot be taken.
      await Promise.race([isLocked, holder]);
      const started = Date.now();
      const res = await stack.api('GET', '/api/audit');
      release();
      await holder;
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toMatchObject({ status: 503, type: 'urn:hookline:problem:query-timeout' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await other.end({ timeout: 5 });
    }
    expect((await stack.api('GET', '/api/audit')).status).toBe(200);
  });
});
