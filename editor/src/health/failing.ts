import type { HandlerStats } from '@hookline/domain';

/** A handler is marked failing when at least this share of its calls in the window failed. */
export const FAILING_RATE = 0.2;

export function isFailing(stats: Pick<HandlerStats, 'calls' | 'failures'> | undefined): boolean {
  return !!stats && stats.calls > 0 && stats.failures / stats.calls >= FAILING_RATE;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
