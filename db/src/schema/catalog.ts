import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Custom event types; the built-in catalogue lives in code (workflows/src/domain). */
export const eventTypes = pgTable('event_types', {
  type: text('type').primaryKey(),
  label: text('label').notNull(),
  // JSON Schema that incoming `data` must satisfy, when given.
  schema: jsonb('schema').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EventTypeRow = typeof eventTypes.$inferSelect;
