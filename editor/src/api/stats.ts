import { z } from 'zod';
import type { ApiClient } from './client';

export interface HandlerStats {
  handlerId: number;
  calls: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

const num = z.coerce.number().finite();
const optionalMs = z.union([num, z.null()]).optional();

/**
 * DESIGN §4 says "per handler: calls, failures, p50/p95 duration" without naming the fields, so
 * both `p95Ms` and `p95` (and `handlerId` or `id`) are read.
 */
const StatsItem = z
  .object({
    handlerId: num.optional(),
    id: num.optional(),
    calls: num.default(0),
    failures: num.default(0),
    p50Ms: optionalMs,
    p50: optionalMs,
    p95Ms: optionalMs,
    p95: optionalMs,
  })
  .transform((s): HandlerStats => ({
    handlerId: s.handlerId ?? s.id ?? -1,
    calls: s.calls,
    failures: s.failures,
    p50Ms: s.p50Ms ?? s.p50 ?? null,
    p95Ms: s.p95Ms ?? s.p95 ?? null,
  }));

const StatsAnswer = z.union([z.object({ items: z.array(StatsItem) }).transform((p) => p.items), z.array(StatsItem)]);

export async function getHandlerStats(api: ApiClient, since: Date, signal?: AbortSignal): Promise<HandlerStats[]> {
  const items = await api.get('/api/stats/handlers', {
    query: { since: since.toISOString() },
    schema: StatsAnswer,
    signal,
  });
  return items.filter((s) => s.handlerId >= 0);
}
