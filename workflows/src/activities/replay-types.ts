import type {
  BulkReplayOptions,
  HooklineEvent,
  ReplayFilter,
  ReplayInstructions,
  ReplayOptions,
} from '@hookline/domain';
import type { ReplayRefusal } from '@hookline/domain';

export interface PrepareReplaysInput extends ReplayOptions {
  executionIds: string[];
}

/** Plans for the first executions asked about, in order: as many as fit one modest payload. */
export interface PreparedReplays {
  prepared: PreparedReplay[];
}

/** Everything needed to start the replay's `processEvent`, or why there is nothing to start. */
export type PreparedReplay =
  | {
      ok: true;
      /** The new execution's id, chosen before the start so that the starter can answer with it. */
      executionId: string;
      /** The `n` of `event-<eventId>-replay-<n>` to try first. */
      replayNumber: number;
      event: HooklineEvent;
      replay: ReplayInstructions;
      /** The original's ordering key: the replay records it, and runs at once, outside the key's sequence. */
      ordering?: { key: string };
    }
  | { ok: false; reason: ReplayRefusal; detail: string };

export interface BeginBulkReplayInput {
  replayId: string;
  workflowId: string;
  request: BulkReplayOptions;
}

export interface CandidatePosition {
  startedAt: string;
  id: string;
}

export interface BulkReplayPageInput {
  replayId: string;
  filter: ReplayFilter;
  mode: BulkReplayOptions['mode'];
  after: CandidatePosition | null;
  limit: number;
}

export interface BulkReplayPage {
  /** The executions of the page, oldest first, each with its position to resume after. */
  items: CandidatePosition[];
  next: CandidatePosition | null;
}

export interface BulkReplayCounts {
  done: number;
  failed: number;
  skipped: number;
}

export interface FinishBulkReplayInput {
  replayId: string;
  status: 'completed' | 'cancelled' | 'failed';
  counts: BulkReplayCounts;
  error: string | null;
}

/** What announcing a bulk replay's end did: emitted `hookline.replay.finished` (or found it emitted), or why not. */
export type AnnounceBulkReplayResult =
  | { emitted: true; eventId: string; duplicate: boolean }
  | { emitted: false; eventId: string | null; suppressed: string };
