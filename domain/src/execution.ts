import { z } from 'zod';
import { ExecutionOrdering } from './event-ordering';
import { HooklineEvent } from './event';

export const EXECUTION_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const ExecutionStatus = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

/** One row of the execution log: one attempt of one handler (or a skip). */
export const ATTEMPT_STATUSES = ['succeeded', 'failed', 'skipped'] as const;
export const AttemptStatus = z.enum(ATTEMPT_STATUSES);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

export const HANDLER_RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type HandlerRunStatus = (typeof HANDLER_RUN_STATUSES)[number];

export const REPLAY_MODES = ['all', 'failed'] as const;
export const ReplayMode = z.enum(REPLAY_MODES);
export type ReplayMode = z.infer<typeof ReplayMode>;
export const REPLAY_HANDLER_SOURCES = ['original', 'current'] as const;
export const ReplayHandlers = z.enum(REPLAY_HANDLER_SOURCES);
export type ReplayHandlers = z.infer<typeof ReplayHandlers>;

export const Attempt = z.object({
  attempt: z.number().int(),
  status: AttemptStatus,
  startedAt: z.string(),
  durationMs: z.number().int(),
  request: z.object({ url: z.string(), headers: z.record(z.string(), z.string()), body: z.unknown() }).nullable(),
  response: z
    .object({
      status: z.number().int().nullable(),
      headers: z.record(z.string(), z.string()),
      body: z.string().nullable(),
    })
    .nullable(),
  error: z.string().nullable(),
  /** What the receiver answered held what PostgreSQL cannot store as text (NUL, a lone surrogate); it was escaped. */
  escaped: z.boolean(),
});
export type Attempt = z.infer<typeof Attempt>;

export const ExecutionCounts = z.object({
  handlers: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});
export type ExecutionCounts = z.infer<typeof ExecutionCounts>;

export const ExecutionSummary = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  objectId: z.string(),
  status: ExecutionStatus,
  snapshotVersion: z.number().int().nullable(),
  replayOf: z.string().nullable(),
  workflowId: z.string(),
  runId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: ExecutionCounts,
});
export type ExecutionSummary = z.infer<typeof ExecutionSummary>;

export const ExecutionDetail = ExecutionSummary.extend({
  /** Why it ended failed without running its handlers (an event the database refused, say); null otherwise. */
  error: z.string().nullable(),
  ordering: ExecutionOrdering.nullable(),
  event: HooklineEvent,
  handlers: z.array(
    z.object({
      handlerId: z.number().int(),
      name: z.string(),
      priority: z.number().int(),
      status: z.enum(HANDLER_RUN_STATUSES),
      attempts: z.array(Attempt),
    })
  ),
});
export type ExecutionDetail = z.infer<typeof ExecutionDetail>;

export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
