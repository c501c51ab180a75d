import { z } from 'zod';
import type { HandlerStatus } from './handler';

/** The actor of the audit entries Hookline writes itself (a handler disabled or marked failing by the policy). */
export const SYSTEM_ACTOR = 'system';

/** What `GET /api/handlers?health=` selects: handlers marked failing, or disabled by the system (with a reason). */
export const HANDLER_HEALTH_FILTERS = ['failing', 'auto-disabled'] as const;
export const HandlerHealthFilter = z.enum(HANDLER_HEALTH_FILTERS);
export type HandlerHealthFilter = z.infer<typeof HandlerHealthFilter>;

export const HANDLER_HEALTH_CHANGE_KINDS = ['disabled', 'failing', 'recovered'] as const;

/** One change of a handler's health made by the system, as the operational-events listener receives it. */
export const HandlerHealthChange = z.object({
  kind: z.enum(HANDLER_HEALTH_CHANGE_KINDS),
  handlerId: z.number().int(),
  handlerName: z.string(),
  /** The handler's event type. */
  event: z.string(),
  /** Why, in words for people: the handler's `statusReason` when it was disabled. */
  reason: z.string(),
  /** ISO 8601 */
  at: z.string(),
});
export type HandlerHealthChange = z.infer<typeof HandlerHealthChange>;

/** Told of every change once, after it is committed; whatever it throws is logged and does not undo the change. */
export type HandlerHealthListener = (change: HandlerHealthChange) => void | Promise<void>;

/** The listener used when none is given. */
export const ignoreHandlerHealthChange: HandlerHealthListener = () => undefined;

/** The failing-handler policy's settings (HOOKLINE_DISABLE_AFTER_DAYS, HOOKLINE_FAILING_*). */
export const HandlerHealthPolicy = z.object({
  /** A handler whose every call failed for this many days is disabled. */
  disableAfterDays: z.number().int().min(1).max(3650),
  /** A handler failing at least this share of its calls over the window (0–1) is marked failing. */
  failingShare: z.number().gt(0).max(1),
  failingWindowMs: z
    .number()
    .int()
    .min(60_000)
    .max(7 * 86_400_000),
  /** Fewer calls than this in the window never mark a handler failing: too little to judge by. */
  failingMinCalls: z.number().int().min(1).max(1_000_000),
});
export type HandlerHealthPolicy = z.infer<typeof HandlerHealthPolicy>;

export const DEFAULT_HANDLER_HEALTH_POLICY: HandlerHealthPolicy = {
  disableAfterDays: 5,
  failingShare: 0.5,
  failingWindowMs: 3_600_000,
  failingMinCalls: 20,
};

const DAY_MS = 86_400_000;

/** What the execution log says of one handler, gathered by the periodic check. */
export interface HandlerHealthFacts {
  status: HandlerStatus;
  /** When the handler was marked failing; null when it is not. */
  failingSince: Date | null;
  /** Calls (attempts, skips left out) and failed calls over the failing window, up to now. */
  window: { calls: number; failures: number };
  /**
   * The handler's calls around the cut-off `now − disableAfterDays`, counting only those made since the handler last
   * changed (a call before an edit or a re-enable says nothing of the handler as it is now):
   * `lastBefore` is the latest call at or before the cut-off, `succeededAfter` / `failedAfter` whether any call after
   * it succeeded / failed.
   */
  streak: {
    lastBefore: { status: 'succeeded' | 'failed'; startedAt: Date } | null;
    succeededAfter: boolean;
    failedAfter: boolean;
  };
  /**
   * When the latest call answered 410 Gone among those since the handler last changed (and within the last
   * `disableAfterDays`); null when none did. The worker disables at once on a 410; this catches a disable that did
   * not happen then (the database did not answer, the worker stopped).
   */
  goneAt: Date | null;
}

export type HandlerHealthDecision =
  | { action: 'none' }
  | { action: 'disable'; reason: string }
  | { action: 'mark-failing'; reason: string }
  | { action: 'recover'; reason: string }
  /** A handler no longer enabled loses its failing mark without a change being told: it does not run. */
  | { action: 'clear-mark' };

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

function windowText(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** `statusReason` of a handler disabled because its receiver answered 410 Gone. */
export function goneReason(at: Date): string {
  return `disabled by Hookline: the receiver answered 410 Gone at ${at.toISOString()}`;
}

/**
 * The failing-handler policy for one handler, a pure function of what the log says (DESIGN §2.1):
 * - a call answered 410 Gone since the handler last changed → disable (as the worker does at once);
 * - every call failed for `disableAfterDays` days (the latest call at or before the cut-off failed, and every call
 *   since, at least one, failed too) → disable;
 * - at least `failingMinCalls` calls in the window and a failed share at or above `failingShare` → mark failing;
 * - marked failing, and the share over the window is back under `failingShare` (with at least one call: with none,
 *   nothing new is known) → recover.
 * Marking what is already marked, or recovering what is not, is `none`: running the check again changes nothing.
 */
export function judgeHandlerHealth(facts: HandlerHealthFacts, policy: HandlerHealthPolicy): HandlerHealthDecision {
  if (facts.status !== 'enabled') return facts.failingSince ? { action: 'clear-mark' } : { action: 'none' };
  if (facts.goneAt) return { action: 'disable', reason: goneReason(facts.goneAt) };

  const { lastBefore, succeededAfter, failedAfter } = facts.streak;
  if (lastBefore?.status === 'failed' && !succeededAfter && failedAfter) {
    return {
      action: 'disable',
      reason:
        `disabled by Hookline: every call failed for ${policy.disableAfterDays} days ` +
        `(none succeeded since ${lastBefore.startedAt.toISOString()})`,
    };
  }

  const { calls, failures } = facts.window;
  const share = calls > 0 ? failures / calls : 0;
  const counted = `${failures} of ${calls} calls failed in the last ${windowText(policy.failingWindowMs)}`;
  if (calls >= policy.failingMinCalls && share >= policy.failingShare) {
    return facts.failingSince
      ? { action: 'none' }
      : { action: 'mark-failing', reason: `${counted} (${percent(share)}, threshold ${percent(policy.failingShare)})` };
  }
  if (facts.failingSince && calls > 0 && share < policy.failingShare) {
    return { action: 'recover', reason: `${counted}: back under ${percent(policy.failingShare)}` };
  }
  return { action: 'none' };
}
