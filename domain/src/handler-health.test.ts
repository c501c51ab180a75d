import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HANDLER_HEALTH_POLICY as POLICY,
  type HandlerHealthFacts,
  goneReason,
  judgeHandlerHealth,
} from './handler-health';

const CUTOFF = new Date('2026-11-25T10:00:00.000Z');

function facts(overrides: Partial<HandlerHealthFacts> = {}): HandlerHealthFacts {
  return {
    status: 'enabled',
    failingSince: null,
    window: { calls: 0, failures: 0 },
    streak: { lastBefore: null, succeededAfter: false, failedAfter: false },
    goneAt: null,
    ...overrides,
  };
}

describe('judgeHandlerHealth: every call failing for N days', () => {
  it('disables when the call before the cut-off and every call since failed', () => {
    const decision = judgeHandlerHealth(
      facts({
        streak: { lastBefore: { status: 'failed', startedAt: CUTOFF }, succeededAfter: false, failedAfter: true },
      }),
      POLICY
    );
    expect(decision).toEqual({
      action: 'disable',
      reason: 'disabled by Hookline: every call failed for 5 days (none succeeded since 2026-11-25T10:00:00.000Z)',
    });
  });

  it('does not disable when a call after the cut-off succeeded', () => {
    const decision = judgeHandlerHealth(
      facts({
        streak: { lastBefore: { status: 'failed', startedAt: CUTOFF }, succeededAfter: true, failedAfter: true },
      }),
      POLICY
    );
    expect(decision.action).toBe('none');
  });

  it('does not disable when the last call before the cut-off succeeded', () => {
    const decision = judgeHandlerHealth(
      facts({
        streak: { lastBefore: { status: 'succeeded', startedAt: CUTOFF }, succeededAfter: false, failedAfter: true },
      }),
      POLICY
    );
    expect(decision.action).toBe('none');
  });

  it('does not disable a handler with no call before the cut-off (new, or changed since)', () => {
    const decision = judgeHandlerHealth(
      facts({ streak: { lastBefore: null, succeededAfter: false, failedAfter: true } }),
      POLICY
    );
    expect(decision.action).toBe('none');
  });

  it('does not disable a handler that has not been called since the cut-off', () => {
    const decision = judgeHandlerHealth(
      facts({
        streak: { lastBefore: { status: 'failed', startedAt: CUTOFF }, succeededAfter: false, failedAfter: false },
      }),
      POLICY
    );
    expect(decision.action).toBe('none');
  });
});

describe('judgeHandlerHealth: failure share over the window', () => {
  it('marks failing at the threshold with enough calls', () => {
    const decision = judgeHandlerHealth(facts({ window: { calls: 20, failures: 10 } }), POLICY);
    expect(decision).toEqual({
      action: 'mark-failing',
      reason: '10 of 20 calls failed in the last 1 h (50 %, threshold 50 %)',
    });
  });

  it('does not mark failing under the threshold', () => {
    expect(judgeHandlerHealth(facts({ window: { calls: 20, failures: 9 } }), POLICY).action).toBe('none');
  });

  it('does not mark failing with fewer calls than the minimum, however many failed', () => {
    expect(judgeHandlerHealth(facts({ window: { calls: 19, failures: 19 } }), POLICY).action).toBe('none');
  });

  it('leaves a handler already marked as it is (idempotent)', () => {
    const marked = facts({ failingSince: CUTOFF, window: { calls: 40, failures: 40 } });
    expect(judgeHandlerHealth(marked, POLICY)).toEqual({ action: 'none' });
  });

  it('recovers a marked handler whose share fell under the threshold', () => {
    const decision = judgeHandlerHealth(facts({ failingSince: CUTOFF, window: { calls: 30, failures: 3 } }), POLICY);
    expect(decision).toEqual({ action: 'recover', reason: '3 of 30 calls failed in the last 1 h: back under 50 %' });
  });

  it('recovers on a share under the threshold even with fewer calls than the minimum', () => {
    const decision = judgeHandlerHealth(facts({ failingSince: CUTOFF, window: { calls: 2, failures: 0 } }), POLICY);
    expect(decision.action).toBe('recover');
  });

  it('keeps the mark when there were no calls in the window', () => {
    expect(judgeHandlerHealth(facts({ failingSince: CUTOFF }), POLICY).action).toBe('none');
  });

  it('keeps the mark on a high share with too few calls to judge by', () => {
    const decision = judgeHandlerHealth(facts({ failingSince: CUTOFF, window: { calls: 3, failures: 3 } }), POLICY);
    expect(decision.action).toBe('none');
  });

  it('follows a configured policy', () => {
    const policy = { ...POLICY, failingShare: 0.25, failingMinCalls: 4, failingWindowMs: 15 * 60_000 };
    expect(judgeHandlerHealth(facts({ window: { calls: 4, failures: 1 } }), policy)).toEqual({
      action: 'mark-failing',
      reason: '1 of 4 calls failed in the last 15 min (25 %, threshold 25 %)',
    });
  });

  it('prefers disabling to marking when both hold', () => {
    const decision = judgeHandlerHealth(
      facts({
        window: { calls: 50, failures: 50 },
        streak: { lastBefore: { status: 'failed', startedAt: CUTOFF }, succeededAfter: false, failedAfter: true },
      }),
      POLICY
    );
    expect(decision.action).toBe('disable');
  });
});

describe('judgeHandlerHealth: 410 Gone', () => {
  it('disables a handler still enabled after a call answered 410 Gone', () => {
    const at = new Date('2026-11-30T09:00:00Z');
    expect(judgeHandlerHealth(facts({ goneAt: at, window: { calls: 1, failures: 1 } }), POLICY)).toEqual({
      action: 'disable',
      reason: goneReason(at),
    });
  });

  it('leaves a handler already disabled alone', () => {
    expect(judgeHandlerHealth(facts({ status: 'disabled', goneAt: new Date() }), POLICY)).toEqual({ action: 'none' });
  });
});

describe('judgeHandlerHealth: handlers that do not run', () => {
  it('clears the mark of a handler no longer enabled, without judging it', () => {
    const decision = judgeHandlerHealth(
      facts({ status: 'disabled', failingSince: CUTOFF, window: { calls: 50, failures: 50 } }),
      POLICY
    );
    expect(decision).toEqual({ action: 'clear-mark' });
  });

  it('leaves an unmarked disabled handler alone', () => {
    const decision = judgeHandlerHealth(
      facts({
        status: 'disabled',
        streak: { lastBefore: { status: 'failed', startedAt: CUTOFF }, succeededAfter: false, failedAfter: true },
      }),
      POLICY
    );
    expect(decision).toEqual({ action: 'none' });
  });
});

describe('goneReason', () => {
  it('names the answer and the time', () => {
    expect(goneReason(new Date('2026-11-30T09:00:00Z'))).toBe(
      'disabled by Hookline: the receiver answered 410 Gone at 2026-11-30T09:00:00.000Z'
    );
  });
});
