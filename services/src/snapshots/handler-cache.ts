import type { HandlerSnapshot } from '@hookline/domain';

/**
 * The worker's view of handler snapshots. `current()` is served from memory (kept fresh by
 * LISTEN/NOTIFY), so planning an event never touches the database in the steady state.
 */
export interface HandlerCache {
  current(): HandlerSnapshot;
  byVersion(version: number): Promise<HandlerSnapshot | null>;
  /** Makes a snapshot this process just stored current at once, ahead of its NOTIFY. */
  offer(snapshot: HandlerSnapshot): void;
}
