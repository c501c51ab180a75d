import { z } from 'zod';
import { Condition } from './condition';
import { HandlerKind, OnFailure, RetryPolicy, byPriority } from './handler';

/**
 * One handler as compiled into a snapshot: everything needed to run it, secrets included.
 * Snapshots stay inside the worker and the database; workflows only ever see a {@link PlannedHandler}.
 */
export const SnapshotHandler = z.object({
  id: z.number().int(),
  name: z.string(),
  event: z.string(),
  kind: HandlerKind,
  target: z.string(),
  priority: z.number().int(),
  condition: Condition.nullable(),
  retry: RetryPolicy,
  timeoutMs: z.number().int(),
  onFailure: OnFailure,
  headers: z.record(z.string(), z.string()),
  /** Newest first; every one signs, so receivers can rotate without a gap. */
  secrets: z.array(z.string()),
});
export type SnapshotHandler = z.infer<typeof SnapshotHandler>;

export interface HandlerSnapshot {
  version: number;
  hash: string;
  createdAt: string;
  handlers: SnapshotHandler[];
}

/**
 * The part of a handler a workflow needs to plan a run: no target, headers or secrets, so
 * nothing sensitive and nothing large lands in workflow history.
 */
export type PlannedHandler = Pick<
  SnapshotHandler,
  'id' | 'name' | 'priority' | 'condition' | 'retry' | 'timeoutMs' | 'onFailure'
>;

export function planFor(snapshot: Pick<HandlerSnapshot, 'handlers'>, eventType: string): PlannedHandler[] {
  return snapshot.handlers
    .filter((h) => h.event === eventType)
    .sort(byPriority)
    .map(({ id, name, priority, condition, retry, timeoutMs, onFailure }) => ({
      id,
      name,
      priority,
      condition,
      retry,
      timeoutMs,
      onFailure,
    }));
}

/** Stable JSON (sorted keys) so that equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        )
      : v
  );
}
