import { HANDLER_KINDS, HANDLER_STATUSES, ON_FAILURE_ACTIONS } from '@hookline/domain';
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export interface RetryColumn {
  maxAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maxIntervalMs: number;
}

export const handlers = pgTable(
  'handlers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    event: text('event').notNull(),
    kind: text('kind', { enum: HANDLER_KINDS }).notNull(),
    target: text('target').notNull(),
    status: text('status', { enum: HANDLER_STATUSES }).notNull(),
    priority: integer('priority').notNull(),
    // Validated by the shared zod schema before it is written; stored as the tree the editor builds.
    condition: jsonb('condition').$type<unknown>(),
    retry: jsonb('retry').$type<RetryColumn>().notNull(),
    timeoutMs: integer('timeout_ms').notNull(),
    onFailure: text('on_failure', { enum: ON_FAILURE_ACTIONS }).notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    secret: text('secret'),
    // After a rotation the old secret keeps signing alongside the new one until it expires.
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    position: jsonb('position').$type<{ x: number; y: number }>(),
    // Why the system last changed the status (e.g. disabled after a 410 Gone); cleared when a person sets it.
    statusReason: text('status_reason'),
    // When the failing-handler policy marked the handler failing; null when it is not marked.
    failingSince: timestamp('failing_since', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('handlers_event_priority_idx').on(t.event, t.priority, t.id),
    index('handlers_status_idx')
      .on(t.status)
      .where(sql`${t.status} <> 'archived'`),
  ]
);

export type HandlerRow = typeof handlers.$inferSelect;
export type NewHandlerRow = typeof handlers.$inferInsert;
