import { API_KEY_ROLES } from '@hookline/domain';
import { bigserial, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable('api_keys', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: API_KEY_ROLES }).notNull(),
  // SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1).
  hash: text('hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    handlerId: integer('handler_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Both serve keyset pages newest first: all entries, or one handler's.
  (t) => [
    index('audit_log_at_idx').on(t.at.desc(), t.id.desc()),
    index('audit_log_handler_at_idx').on(t.handlerId, t.at.desc(), t.id.desc()),
  ]
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
