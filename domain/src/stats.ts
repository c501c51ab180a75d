import { z } from 'zod';
import { StorableInstant } from './storable';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export const MAX_STATS_WINDOW_MS = 366 * UNIT_MS.d;
export const DEFAULT_STATS_WINDOW = '24h';

/** `since` as given: a window back from now (`24h`, `7d`, `30m`, `2w`) or an instant (ISO 8601 with offset). */
export type Since = { windowMs: number } | { at: Date };

const Instant = StorableInstant;

export const SinceParam = z
  .string()
  .max(40)
  .transform((text, ctx): Since => {
    const window = /^([1-9][0-9]{0,5})(m|h|d|w)$/.exec(text);
    if (window) {
      const windowMs = Number(window[1]) * UNIT_MS[window[2] as keyof typeof UNIT_MS];
      if (windowMs <= MAX_STATS_WINDOW_MS) return { windowMs };
      ctx.addIssue({ code: 'custom', message: 'must be at most 366d' });
      return z.NEVER;
    }
    if (Instant.safeParse(text).success) return { at: new Date(text) };
    ctx.addIssue({ code: 'custom', message: 'must be a duration such as 24h or 7d, or an ISO 8601 time' });
    return z.NEVER;
  });

/** `GET /api/stats/handlers` */
// prefault: the default goes through the parser like a given value.
export const StatsQuery = z.object({ since: SinceParam.prefault(DEFAULT_STATS_WINDOW) });

export function sinceInstant(since: Since, now: Date): Date {
  return 'at' in since ? since.at : new Date(now.getTime() - since.windowMs);
}

/** Health of one handler over the window: attempts (skips excluded), failed attempts, durations. */
export const HandlerStats = z.object({
  handlerId: z.number().int(),
  name: z.string(),
  calls: z.number().int(),
  failures: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  lastFailureAt: z.string().nullable(),
});
export type HandlerStats = z.infer<typeof HandlerStats>;

export const HandlerStatsResponse = z.object({
  /** The start of the window, resolved. */
  since: z.string(),
  items: z.array(HandlerStats),
});
export type HandlerStatsResponse = z.infer<typeof HandlerStatsResponse>;
