import { z } from 'zod';
import { canonicalEventType } from './event-catalog';
import { ObjectIdInput } from './event';
import { ExecutionStatus, ReplayHandlers, ReplayMode } from './execution';
import { MAX_SERIAL, StorableInstant, storableText } from './storable';

/** `POST /api/executions/:id/replay` and `replayExecution()`: every handler again, with the handlers of then. */
export const ReplayRequest = z
  .object({
    mode: ReplayMode.default('all'),
    handlers: ReplayHandlers.default('original'),
  })
  .strict();
export type ReplayRequest = z.input<typeof ReplayRequest>;
export type ReplayOptions = z.output<typeof ReplayRequest>;

/** 202 answer of a single replay: the new execution. */
export const ReplayStarted = z.object({ executionId: z.string(), workflowId: z.string() });
export type ReplayStarted = z.infer<typeof ReplayStarted>;

const Instant = StorableInstant;

/**
 * Which executions a bulk replay takes: the filters of the executions list, minus `running`
 * (an execution still running cannot be replayed) and minus `q`, whose matching is not stable.
 */
export const ReplayFilter = z
  .object({
    status: ExecutionStatus.exclude(['running']).optional(),
    event: storableText().min(1).max(200).transform(canonicalEventType).optional(),
    handlerId: z.number().int().min(1).max(MAX_SERIAL).optional(),
    objectId: ObjectIdInput.optional(),
    /** Inclusive lower and exclusive upper bound on the start of the executions. */
    from: Instant.optional(),
    to: Instant.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || Date.parse(f.from) < Date.parse(f.to), {
    message: 'must be later than from',
    path: ['to'],
  });
export type ReplayFilter = z.output<typeof ReplayFilter>;

export const MAX_REPLAY_CONCURRENCY = 50;

/** `POST /api/executions/replay`. */
export const BulkReplayRequest = z
  .object({
    filter: ReplayFilter,
    mode: ReplayMode.default('all'),
    handlers: ReplayHandlers.default('original'),
    concurrency: z.number().int().min(1).max(MAX_REPLAY_CONCURRENCY).default(5),
  })
  .strict();
export type BulkReplayRequest = z.input<typeof BulkReplayRequest>;
export type BulkReplayOptions = z.output<typeof BulkReplayRequest>;

/** 202 answer of a bulk replay: where to follow its progress (`GET /api/replays/:id`). */
export const BulkReplayStarted = z.object({ id: z.string(), workflowId: z.string() });
export type BulkReplayStarted = z.infer<typeof BulkReplayStarted>;

export const REPLAY_RUN_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export const ReplayRunStatus = z.enum(REPLAY_RUN_STATUSES);
export type ReplayRunStatus = z.infer<typeof ReplayRunStatus>;

/**
 * `GET /api/replays/:id`. `done` counts replays that finished, `failed` the part of them that
 * ended failed; `skipped` counts matched executions that could not be replayed (deleted by
 * retention meanwhile). The run is over when `done + skipped` reaches `total`.
 */
export const ReplayProgress = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: ReplayRunStatus,
  /** Null until the bulk replay has counted what it matches. */
  total: z.number().int().nullable(),
  done: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  filter: ReplayFilter,
  mode: ReplayMode,
  handlers: ReplayHandlers,
  concurrency: z.number().int(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type ReplayProgress = z.infer<typeof ReplayProgress>;

/**
 * ReplayProgress as the API documents it. Its `filter` echoes the request schema, whose transforms
 * have no output form in OpenAPI; the stored filter is a plain object, and is shown as one.
 */
export const ReplayProgressStored = ReplayProgress.extend({
  filter: z.record(z.string(), z.unknown()).meta({ description: 'The filter the bulk replay was started with' }),
});
