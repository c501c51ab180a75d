import { EVENT_ORDERINGS } from '@hookline/domain';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Custom event types; the built-in catalogue lives in code (workflows/src/domain). */
export const eventTypes = pgTable('event_types', {
  type: text('type').primaryKey(),
  label: text('label').notNull(),
  // One of the editor's lane groups (EVENT_GROUPS); custom types default to their own group.
  group: text('group').notNull().default('Custom'),
  // JSON Schema that incoming `data` must satisfy, when given.
  schema: jsonb('schema').$type<Record<string, unknown>>(),
  // The entity family of its objects (half of an ordering key); null: the type's name without its last word.
  family: text('family'),
  // Bumped on every change: API processes cache the compiled schema per (type, version).
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EventTypeRow = typeof eventTypes.$inferSelect;

/**
 * Each event type's ordering, built-in and custom alike, kept apart from the custom types' rows because the built-in
 * catalogue lives in code. A type without a row orders `none`.
 */
export const eventOrderings = pgTable('event_orderings', {
  type: text('type').primaryKey(),
  ordering: text('ordering', { enum: EVENT_ORDERINGS }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EventOrderingRow = typeof eventOrderings.$inferSelect;

/**
 * The events of types ordered by object that have not finished, in the order the API accepted them (`seq`): an event
 * runs when no event of its key is ahead of it, and its row goes when it ends, which wakes the next one.
 */
export const orderingQueue = pgTable(
  'ordering_queue',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    eventId: text('event_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    // Set when the event took its turn: the one event of its key that runs, whatever its place.
    running: boolean('running').notNull().default(false),
  },
  (t) => [uniqueIndex('ordering_queue_event_uq').on(t.eventId), index('ordering_queue_key_seq_idx').on(t.key, t.seq)]
);

export type OrderingQueueRow = typeof orderingQueue.$inferSelect;
