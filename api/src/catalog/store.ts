import {
  countHandlersOfEvent,
  customEventType,
  deleteCustomEventType,
  insertAuditEntry,
  insertCustomEventType,
  updateCustomEventType,
  type Db,
} from '@hookline/db';
import {
  EVENT_TYPE_ALIASES,
  isBuiltInEventType,
  isOperationalEventType,
  type CatalogEntry,
  type CustomEventTypeCreate,
  type CustomEventTypePatch,
} from '@hookline/domain';
import type { z } from 'zod';
import type { EventDataValidator } from './data-validator';
import { customCatalogEntry } from './event-types';
import { dataSchemaProblems } from './json-schema';
import { HttpProblem, notFound, validationProblem } from '../http/problem';

export interface CatalogWriteContext {
  db: Db;
  actor: string;
  validator: EventDataValidator;
}

type CreateInput = z.output<typeof CustomEventTypeCreate>;
type PatchInput = z.output<typeof CustomEventTypePatch>;

function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, detail);
}

function checkSchema(schema: Record<string, unknown> | null | undefined): void {
  if (!schema) return;
  const problems = dataSchemaProblems(schema);
  if (problems.length > 0) throw validationProblem(problems);
}

/** Built-in names, their aliases, and the whole `hookline.*` namespace, which is Hookline's own. */
function isReservedName(type: string): boolean {
  return isBuiltInEventType(type) || Object.hasOwn(EVENT_TYPE_ALIASES, type) || isOperationalEventType(type);
}

export async function registerEventType(ctx: CatalogWriteContext, input: CreateInput): Promise<CatalogEntry> {
  if (isReservedName(input.type)) {
    throw conflict(
      isOperationalEventType(input.type)
        ? `"${input.type}" is in Hookline's own namespace (hookline.*), which custom types may not use.`
        : `"${input.type}" is a built-in event type.`
    );
  }
  checkSchema(input.schema);
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertCustomEventType(tx, input);
    if (!created) throw conflict(`The event type "${input.type}" is registered already; PATCH it to change it.`);
    const entry = customCatalogEntry(created);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'event_type.create',
      handlerId: null,
      before: null,
      after: entry,
    });
    return created;
  });
  ctx.validator.forget(row.type);
  return customCatalogEntry(row);
}

async function existingCustom(db: Db, type: string) {
  if (isReservedName(type)) throw conflict(`"${type}" is a built-in event type and cannot be changed.`);
  const row = await customEventType(db, type);
  if (!row) throw notFound(`There is no custom event type "${type}".`);
  return row;
}

export async function changeEventType(
  ctx: CatalogWriteContext,
  type: string,
  patch: PatchInput
): Promise<CatalogEntry> {
  await existingCustom(ctx.db, type);
  checkSchema(patch.schema);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await customEventType(tx, type);
    const updated = await updateCustomEventType(tx, type, patch);
    if (!before || !updated) throw notFound(`There is no custom event type "${type}".`);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'event_type.update',
      handlerId: null,
      before: customCatalogEntry(before),
      after: customCatalogEntry(updated),
    });
    return updated;
  });
  ctx.validator.forget(type);
  return customCatalogEntry(row);
}

/** Refused while handlers (archived ones included) are configured for the type. */
export async function removeEventType(ctx: CatalogWriteContext, type: string): Promise<void> {
  await existingCustom(ctx.db, type);
  await ctx.db.transaction(async (tx) => {
    const users = await countHandlersOfEvent(tx, type);
    if (users > 0) throw conflict(`${users} handler(s) are configured for "${type}"; move or delete them first.`);
    const deleted = await deleteCustomEventType(tx, type);
    if (!deleted) throw notFound(`There is no custom event type "${type}".`);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'event_type.delete',
      handlerId: null,
      before: customCatalogEntry(deleted),
      after: null,
    });
  });
  ctx.validator.forget(type);
}
