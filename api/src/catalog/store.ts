import {
  countHandlersOfEvent,
  customEventType,
  deleteCustomEventType,
  deleteEventOrdering,
  eventOrderingOf,
  insertAuditEntry,
  insertCustomEventType,
  setEventOrdering,
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
import { builtInCatalogEntry, customCatalogEntry } from './event-types';
import type { EventOrderings } from './orderings';
import { dataSchemaProblems } from './json-schema';
import { HttpProblem, notFound, validationProblem } from '../http/problem';

export interface CatalogWriteContext {
  db: Db;
  actor: string;
  validator: EventDataValidator;
  orderings: EventOrderings;
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
  const { ordering, ...fields } = input;
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertCustomEventType(tx, { ...fields, family: fields.family ?? null });
    if (!created) throw conflict(`The event type "${input.type}" is registered already; PATCH it to change it.`);
    await setEventOrdering(tx, created.type, ordering);
    const entry = customCatalogEntry(created, ordering);
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
  ctx.orderings.forget();
  return customCatalogEntry(row, ordering);
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
  if (isReservedName(type)) return changeBuiltInOrdering(ctx, type, patch);
  await existingCustom(ctx.db, type);
  checkSchema(patch.schema);
  const { ordering, ...changes } = patch;
  const entry = await ctx.db.transaction(async (tx) => {
    const before = await customEventType(tx, type);
    if (!before) throw notFound(`There is no custom event type "${type}".`);
    const orderingBefore = await eventOrderingOf(tx, type);
    const updated = Object.keys(changes).length > 0 ? await updateCustomEventType(tx, type, changes) : before;
    if (!updated) throw notFound(`There is no custom event type "${type}".`);
    if (ordering !== undefined) await setEventOrdering(tx, type, ordering);
    const after = customCatalogEntry(updated, ordering ?? orderingBefore);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'event_type.update',
      handlerId: null,
      before: customCatalogEntry(before, orderingBefore),
      after,
    });
    return after;
  });
  ctx.validator.forget(type);
  ctx.orderings.forget();
  return entry;
}

/** A built-in type's label, group and family are the catalogue's own; only its ordering is the operator's. */
async function changeBuiltInOrdering(ctx: CatalogWriteContext, type: string, patch: PatchInput): Promise<CatalogEntry> {
  if (isOperationalEventType(type)) {
    throw conflict(`"${type}" is one of Hookline's own event types: they run as Hookline emits them, unordered.`);
  }
  if (Object.hasOwn(EVENT_TYPE_ALIASES, type)) {
    throw conflict(`"${type}" is an older spelling of "${EVENT_TYPE_ALIASES[type]}"; change that type instead.`);
  }
  const { ordering, ...others } = patch;
  const refused = Object.keys(others);
  if (refused.length > 0 || ordering === undefined) {
    throw validationProblem(
      (refused.length > 0 ? refused : ['ordering']).map((path) => ({
        path,
        message: `"${type}" is a built-in event type: only its ordering can be changed`,
      }))
    );
  }
  const entry = await ctx.db.transaction(async (tx) => {
    const orderingBefore = await eventOrderingOf(tx, type);
    await setEventOrdering(tx, type, ordering);
    const before = builtInCatalogEntry(type, orderingBefore);
    const after = builtInCatalogEntry(type, ordering);
    if (!before || !after) throw notFound(`There is no event type "${type}".`);
    await insertAuditEntry(tx, { actor: ctx.actor, action: 'event_type.update', handlerId: null, before, after });
    return after;
  });
  ctx.orderings.forget();
  return entry;
}

/** Refused while handlers (archived ones included) are configured for the type. */
export async function removeEventType(ctx: CatalogWriteContext, type: string): Promise<void> {
  await existingCustom(ctx.db, type);
  await ctx.db.transaction(async (tx) => {
    const users = await countHandlersOfEvent(tx, type);
    if (users > 0) throw conflict(`${users} handler(s) are configured for "${type}"; move or delete them first.`);
    const ordering = await eventOrderingOf(tx, type);
    const deleted = await deleteCustomEventType(tx, type);
    if (!deleted) throw notFound(`There is no custom event type "${type}".`);
    await deleteEventOrdering(tx, type);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'event_type.delete',
      handlerId: null,
      before: customCatalogEntry(deleted, ordering),
      after: null,
    });
  });
  ctx.validator.forget(type);
  ctx.orderings.forget();
}
