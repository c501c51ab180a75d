import type { HooklineEvent, SnapshotHandler } from '@hookline/domain';

/** What was (or would have been) sent, as it goes to the execution log: secrets never appear in it. */
export interface DeliveryRequestLog {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type DeliveryOutcome = 'succeeded' | 'retryable' | 'rejected';

export interface DeliveryResponseLog {
  /** HTTP status, or a script's exit code (null when it was killed by a signal). */
  status: number | null;
  headers: Record<string, string>;
  /** The first LOGGED_BODY_LIMIT bytes as text; a script's standard output. */
  body: string | null;
}

export interface DeliveryResult {
  /** `succeeded`: done. `retryable`: try again under the handler's policy. `rejected`: retrying cannot help. */
  outcome: DeliveryOutcome;
  request: DeliveryRequestLog | null;
  response: DeliveryResponseLog | null;
  error: string | null;
  /** From Retry-After, capped by the handler's maxIntervalMs; only set on retryable outcomes. */
  retryAfterMs: number | null;
  startedAt: Date;
  durationMs: number;
  /**
   * The address an HTTP request connected to, when known: a literal IP target's, or the socket's
   * for a delivery with `ownConnection`. Whoever shows the answer to someone decides by it whether
   * the answer came from the operator's own network (see isPublicAddress).
   */
  remoteAddress?: string;
}

export interface DeliveryContext {
  executionId: string;
  attempt: number;
  now: () => Date;
  /** Activity cancellation; aborting it ends the attempt as retryable "cancelled". */
  signal?: AbortSignal;
  /**
   * Connect afresh for this one call instead of through the shared keep-alive pool, so that the
   * result can say which address answered (`remoteAddress`): a pooled connection cannot be tied to
   * the request it carried. For test sends, whose answer goes back to the caller.
   */
  ownConnection?: boolean;
}

export interface Deliverer {
  deliver(handler: SnapshotHandler, event: HooklineEvent, ctx: DeliveryContext): Promise<DeliveryResult>;
}
