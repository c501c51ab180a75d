import { ATTEMPT_STATUSES, EXECUTION_STATUSES } from '@hookline/domain';
import { sql, type SQL } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const executions = pgTable(
  'executions',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    objectId: text('object_id').notNull(),
    // The whole event as accepted: a replay runs from this, never from the caller again.
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull(),
    snapshotVersion: integer('snapshot_version'),
    workflowId: text('workflow_id').notNull(),
    runId: text('run_id'),
    replayOf: text('replay_of'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    handlersTotal: integer('handlers_total').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    // Why an execution ended failed without (or before) calling its handlers, e.g. an event it could not store.
    error: text('error'),
    // The sequence of a type ordered by object (`clients:12`), and whether the execution waited its turn in it
    // (false for an operator's replay, which runs at once); both null for unordered types.
    orderingKey: text('ordering_key'),
    sequenced: boolean('sequenced'),
  },
  (t) => [
    // One original execution per event id, forever: the idempotency key outlives Temporal's retention.
    uniqueIndex('executions_event_original_uq')
      .on(t.eventId)
      .where(sql`${t.replayOf} is null`),
    uniqueIndex('executions_workflow_id_uq').on(t.workflowId),
    index('executions_started_idx').on(t.startedAt.desc(), t.id.desc()),
    index('executions_status_started_idx').on(t.status, t.startedAt.desc(), t.id.desc()),
    index('executions_type_started_idx').on(t.eventType, t.startedAt.desc(), t.id.desc()),
    index('executions_object_started_idx').on(t.objectId, t.startedAt.desc(), t.id.desc()),
    index('executions_replay_of_idx').on(t.replayOf),
    // Retention takes the executions that finished longest ago. With only the started_at index, PostgreSQL
    // estimated the finished ones before a cut-off as if start and finish were unrelated, far too few, and read the
    // whole table for every batch (2 s a batch at 5 million executions).
    index('executions_finished_idx')
      .on(t.finishedAt)
      .where(sql`${t.finishedAt} is not null`),
    // Numbering a replay (`event-<id>-replay-<n>`) counts the replays of its event.
    index('executions_event_replays_idx')
      .on(t.eventId)
      .where(sql`${t.replayOf} is not null`),
  ]
);

/**
 * The text that `q` searches in one attempt row. The trigram index is built on exactly this
 * expression, and queries must use the same one for PostgreSQL to pick the index.
 */
export function logSearchText(t: {
  request: AnyPgColumn;
  responseHeaders: AnyPgColumn;
  responseBody: AnyPgColumn;
  error: AnyPgColumn;
}): SQL {
  return sql`(coalesce(${t.request}::text, '') || ' ' || coalesce(${t.responseHeaders}::text, '') || ' ' || coalesce(${t.responseBody}, '') || ' ' || coalesce(${t.error}, ''))`;
}

/**
 * How far from its execution's start an attempt normally starts: after it by the calls and retries before it, before
 * it only by the clocks' difference (the execution's time is the database's, the attempt's the worker's). A `q`
 * search reads the day partitions of a window of executions widened by this much, and finds the attempts further
 * away through `execution_logs_search_distant_trgm_idx`, which holds those only.
 */
export const ATTEMPT_NEAR_EXECUTION = '1 hour';
/** `ATTEMPT_NEAR_EXECUTION` in milliseconds: the two must agree. */
export const ATTEMPT_NEAR_EXECUTION_MS = 3_600_000;

/**
 * Attempts that started more than `ATTEMPT_NEAR_EXECUTION` before or after their execution: retries after long
 * waits, or a worker that was stopped a while. The partial trigram index is built on exactly this predicate, and
 * queries must use the same one for PostgreSQL to pick it.
 */
export function distantAttempt(t: { startedAt: AnyPgColumn; executionStartedAt: AnyPgColumn }): SQL {
  const apart = sql`(${t.startedAt} - ${t.executionStartedAt})`;
  return sql`(${apart} > interval '${sql.raw(ATTEMPT_NEAR_EXECUTION)}' or ${apart} < -interval '${sql.raw(ATTEMPT_NEAR_EXECUTION)}')`;
}

/**
 * One row per attempt. PostgreSQL partitions this table by range of `started_at`, one partition per UTC day
 * (migration 0006; drizzle-kit does not model partitioning, so the schema here describes the parent only): retention
 * drops whole days instead of deleting rows, and `ensureLogPartitions` creates the coming days ahead.
 *
 * No foreign key to `executions`: dropping a partition that references `executions` would lock `executions`
 * against writes while the constraint's triggers go, and a cascade would delete the attempts of purged executions
 * row by row, which partitions exist to avoid. Retention removes an execution's attempt rows with it instead
 * (`deleteFinishedExecutions`), and the insert trigger that copies `execution_started_at` refuses a row whose
 * execution does not exist (the copy is NOT NULL), so no row is written without its execution.
 */
export const executionLogs = pgTable(
  'execution_logs',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    executionId: text('execution_id').notNull(),
    handlerId: integer('handler_id').notNull(),
    handlerName: text('handler_name').notNull(),
    priority: integer('priority').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull(),
    request: jsonb('request').$type<{ url: string; headers: Record<string, string>; body: unknown }>(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    error: text('error'),
    // Set when the answer or the error held what PostgreSQL cannot store as text (NUL, a lone surrogate), which
    // was escaped (NUL as the six characters \u0000, a lone surrogate as U+FFFD) rather than lose the row.
    escaped: boolean('escaped').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull().default(0),
    // A copy of the execution's started_at, so that one handler's executions can be listed newest
    // first from this table's index alone. A trigger (migration 0004) sets it on every insert from
    // `executions`, replacing any value given (writers leave it out: the default only says so);
    // executions.started_at never changes once written.
    executionStartedAt: timestamp('execution_started_at', { withTimezone: true })
      .notNull()
      .$default(() => sql`null`),
  },
  (t) => [
    // A key on a partitioned table must hold the partition key: `id` alone is unique by its sequence anyway.
    primaryKey({ name: 'execution_logs_pkey', columns: [t.id, t.startedAt] }),
    // Activities retry; this key makes writing the same attempt twice a no-op. It holds started_at because the
    // partition key must be part of it: a retried write carries the same record, started_at included, so it still
    // conflicts. The one writer of an attempt with another started_at (the workflow logging an attempt whose
    // activity was lost) is guarded in `recordAttempt` instead.
    uniqueIndex('execution_logs_attempt_uq').on(t.executionId, t.handlerId, t.attempt, t.startedAt),
    index('execution_logs_handler_started_idx').on(t.handlerId, t.startedAt.desc(), t.id.desc()),
    index('execution_logs_started_idx').on(t.startedAt, t.id),
    // The executions one handler took part in, newest first (GET /api/executions?handlerId=), in
    // the executions list's own order: a page reads its fifty entries, however rare the handler.
    index('execution_logs_handler_execution_idx').on(t.handlerId, t.executionStartedAt.desc(), t.executionId.desc()),
    // One handler's attempts filtered by status (GET /api/handlers/:id/logs?status=failed).
    index('execution_logs_handler_status_started_idx').on(t.handlerId, t.status, t.startedAt.desc(), t.id.desc()),
    // `q` on executions: substring search (ILIKE) over what was sent, what came back and the error.
    index('execution_logs_search_trgm_idx').using('gin', sql`${logSearchText(t)} gin_trgm_ops`),
    // The same for the attempts far from their execution's start only (see `distantAttempt`): few rows, so that a
    // search over a window of executions need not read every day partition for them.
    index('execution_logs_search_distant_trgm_idx')
      .using('gin', sql`${logSearchText(t)} gin_trgm_ops`)
      .where(distantAttempt(t)),
  ]
);

/**
 * A handler call made as a local activity, claimed just before it is made and released by the statement that writes
 * its attempt's row. A claim still there when its attempt comes round again marks a call whose worker stopped during
 * it: the attempt is logged without an outcome and the next one follows, instead of a second call under the same
 * attempt number. Rows live for the length of a call, so the table stays a few pages long.
 */
export const attemptClaims = pgTable(
  'attempt_claims',
  {
    executionId: text('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    handlerId: integer('handler_id').notNull(),
    attempt: integer('attempt').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'attempt_claims_pkey', columns: [t.executionId, t.handlerId, t.attempt] })]
);

export type ExecutionRow = typeof executions.$inferSelect;
export type ExecutionLogRow = typeof executionLogs.$inferSelect;
export type NewExecutionLogRow = typeof executionLogs.$inferInsert;
