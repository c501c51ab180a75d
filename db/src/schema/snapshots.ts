import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const handlerSnapshots = pgTable('handler_snapshots', {
  version: integer('version').primaryKey().generatedAlwaysAsIdentity(),
  hash: text('hash').notNull(),
  // The compiled, enabled handlers exactly as the worker runs them (see SnapshotHandler).
  handlers: jsonb('handlers').$type<unknown[]>().notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type HandlerSnapshotRow = typeof handlerSnapshots.$inferSelect;
