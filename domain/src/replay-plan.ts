import { HooklineEvent } from './event';
import type { AttemptStatus, ExecutionStatus, ReplayHandlers, ReplayMode } from './execution';

/** What a replay is planned from: the execution and where each of its handlers ended. */
export interface ReplaySource {
  id: string;
  status: ExecutionStatus;
  snapshotVersion: number | null;
  /** The event as accepted, stored with the execution. */
  payload: unknown;
  /** One per handler that was called or skipped: the status of its last attempt. */
  outcomes: { handlerId: number; status: AttemptStatus }[];
}

/** The `replay` input of `processEvent`. */
export interface ReplayInstructions {
  of: string;
  handlers: ReplayHandlers;
  onlyHandlerIds?: number[] | undefined;
  snapshotVersion?: number | undefined;
}

export const REPLAY_REFUSALS = ['not-found', 'running', 'nothing-to-replay', 'unreadable-event'] as const;
export type ReplayRefusal = (typeof REPLAY_REFUSALS)[number];

export type ReplayPlan =
  { ok: true; event: HooklineEvent; replay: ReplayInstructions } | { ok: false; reason: ReplayRefusal; detail: string };

/**
 * Decides what a replay runs. Shared by the HTTP route, the typed client and the bulk replay, so
 * that all three replay the same handlers for the same request.
 */
export function planReplay(
  source: ReplaySource | null,
  request: { mode: ReplayMode; handlers: ReplayHandlers },
  executionId: string
): ReplayPlan {
  if (!source) return { ok: false, reason: 'not-found', detail: `There is no execution ${executionId}.` };
  if (source.status === 'running') {
    return {
      ok: false,
      reason: 'running',
      detail: `Execution ${source.id} is still running; replay it once it has finished.`,
    };
  }
  const event = HooklineEvent.safeParse(source.payload);
  if (!event.success) {
    // Replaying with a reconstructed, empty payload could provision the wrong thing: refuse instead.
    return {
      ok: false,
      reason: 'unreadable-event',
      detail: `The stored event of execution ${source.id} cannot be read.`,
    };
  }
  const replay: ReplayInstructions = { of: source.id, handlers: request.handlers };
  // Without a recorded version (the run ended before planning) there is nothing "original" to
  // go back to: processEvent then plans with the newest snapshot.
  if (request.handlers === 'original' && source.snapshotVersion !== null) {
    replay.snapshotVersion = source.snapshotVersion;
  }
  if (request.mode === 'failed') {
    const ids = source.outcomes.filter((o) => o.status !== 'succeeded').map((o) => o.handlerId);
    if (ids.length === 0) {
      return {
        ok: false,
        reason: 'nothing-to-replay',
        detail: `No handler failed or was skipped in execution ${source.id}: replay it with mode "all" instead.`,
      };
    }
    replay.onlyHandlerIds = [...new Set(ids)].sort((a, b) => a - b);
  }
  return { ok: true, event: event.data, replay };
}
