import { REPLAY_HANDLER_SOURCES, REPLAY_MODES, REPLAY_RUN_STATUSES } from '@hookline/domain';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Bulk replays (`POST /api/executions/replay`) and their progress. A single replay needs no row
 * of its own: it is an execution whose `replay_of` names the one it replays.
 */
export const replays = pgTable('replays', {
  id: text('id').primaryKey(),
  workflowId: text('workflow_id').notNull(),
  // The request as validated by the shared zod schema (ReplayFilter).
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
  mode: text('mode', { enum: REPLAY_MODES }).notNull(),
  handlers: text('handlers', { enum: REPLAY_HANDLER_SOURCES }).notNull(),
  concurrency: integer('concurrency').notNull(),
  status: text('status', { enum: REPLAY_RUN_STATUSES }).notNull(),
  // Null until the workflow has counted the executions it matches.
  total: integer('total'),
  done: integer('done').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  requestedBy: text('requested_by'),
  error: text('error'),
  // Also the cut-off: only executions that finished before it are replayed, so replays started
  // by this bulk replay never feed back into it.
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

export type ReplayRow = typeof replays.$inferSelect;
export type NewReplayRow = typeof replays.$inferInsert;
