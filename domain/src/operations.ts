import { z } from 'zod';
import { MAX_SERIAL, storableText } from './storable';

/** RFC 9457 problem details, as every error of the API answers (`application/problem+json`). */
export const ProblemDetails = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  /** Validation problems: one entry per field, `path` dotted (`data.amount`, `retry.maxAttempts`). */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** On a 409 version conflict: the version the handler is at now. */
  currentVersion: z.number().int().optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const CheckStatus = z.enum(['ok', 'down', 'unknown']);

/** `GET /api/health` (200 when every check is ok, else 503). */
export const HealthStatus = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ database: CheckStatus, temporal: CheckStatus, worker: CheckStatus }),
  /** The Temporal namespace Hookline's workflows run in. */
  temporalNamespace: z.string(),
  /**
   * The Temporal Web UI (HOOKLINE_TEMPORAL_UI_URL), when the deployment has one: clients such as the editor link an
   * execution to its workflow's history there. Whoever renders it as a link decides which schemes it trusts.
   */
  temporalUiUrl: z.string().optional(),
});
export type HealthStatus = z.infer<typeof HealthStatus>;

/** `GET /api/cache` */
export const CacheStatus = z.object({
  version: z.number().int().nullable(),
  refreshedAt: z.string().nullable(),
  nextRefreshAt: z.string().nullable(),
  /** True when a refresh now would store a different snapshot than the active one. */
  pendingChanges: z.boolean(),
});
export type CacheStatus = z.infer<typeof CacheStatus>;

/** `POST /api/cache/refresh` */
export const CachePublished = CacheStatus.extend({ version: z.number().int(), changed: z.boolean() });
export type CachePublished = z.infer<typeof CachePublished>;

/** `POST /api/events` → 202 */
export const EventAccepted = z.object({
  executionId: z.string(),
  workflowId: z.string(),
  /** A repeated event id answers the first execution. */
  duplicate: z.boolean(),
});
export type EventAccepted = z.infer<typeof EventAccepted>;

/** `POST /api/handlers/reorder`: the event's non-archived handlers, in the new run order. */
export const ReorderRequest = z
  .object({
    event: storableText().min(1).max(200),
    order: z.array(z.number().int().min(1).max(MAX_SERIAL)).max(10_000),
  })
  .strict();
export type ReorderRequest = z.infer<typeof ReorderRequest>;
