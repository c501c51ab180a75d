import {
  deleteHandler,
  handlerById,
  insertAuditEntry,
  insertHandler,
  updateHandlerAtVersion,
  type HandlerChanges,
  type HandlerRow,
} from '@hookline/db';
import type { Handler, HandlerCreate, HandlerPatch } from '@hookline/domain';
import type { z } from 'zod';
import { generateHandlerSecret, SECRET_ROTATION_GRACE_MS } from './secret';
import { checkRules, type WriteContext } from './rules';
import { handlerView } from './view';
import { unmaskHeaders } from './credentials';
import { HttpProblem, PROBLEM_TYPES, notFound } from '../http/problem';

export type { WriteContext } from './rules';

/** `secret` is present only when the server generated one: the one time it is shown. */
export interface WrittenHandler {
  handler: Handler;
  secret?: string;
}

type CreateInput = z.output<typeof HandlerCreate>;
type PatchInput = z.output<typeof HandlerPatch>;

function newSecret(requested: string): { secret: string; generated: boolean } {
  return requested === 'generate'
    ? { secret: generateHandlerSecret(), generated: true }
    : { secret: requested, generated: false };
}

function written(row: HandlerRow, generated: string | undefined): WrittenHandler {
  return generated === undefined ? { handler: handlerView(row) } : { handler: handlerView(row), secret: generated };
}

export async function createHandler(ctx: WriteContext, input: CreateInput): Promise<WrittenHandler> {
  const { event } = await checkRules(ctx, { event: input.event, kind: input.kind });
  const { secret: requestedSecret, position, ...fields } = input;
  const secret = requestedSecret ? newSecret(requestedSecret) : null;
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertHandler(tx, {
      ...fields,
      // Nothing is stored yet, so a masked value here is refused.
      headers: unmaskHeaders(fields.headers, {}),
      event: event ?? input.event,
      secret: secret?.secret ?? null,
      position: position ?? null,
    });
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'handler.create',
      handlerId: created.id,
      before: null,
      after: handlerView(created),
    });
    return created;
  });
  return written(row, secret?.generated ? secret.secret : undefined);
}

function versionConflict(id: number, sent: number, current: number): HttpProblem {
  return new HttpProblem(
    409,
    `Handler ${id} is at version ${current}, not ${sent}: someone changed it since you loaded it. Reload and apply your change again.`,
    { type: PROBLEM_TYPES.versionConflict, title: 'Version conflict', extensions: { currentVersion: current } }
  );
}

function secretChanges(current: HandlerRow, requested: string | null, now: Date): HandlerChanges {
  if (requested === null) return { secret: null, previousSecret: null, previousSecretExpiresAt: null };
  const { secret } = newSecret(requested);
  const keepsSigning = current.secret !== null && current.secret !== secret;
  return {
    secret,
    previousSecret: keepsSigning ? current.secret : null,
    previousSecretExpiresAt: keepsSigning ? new Date(now.getTime() + SECRET_ROTATION_GRACE_MS) : null,
  };
}

export async function patchHandler(ctx: WriteContext, id: number, patch: PatchInput): Promise<WrittenHandler> {
  const current = await handlerById(ctx.db, id);
  if (!current) throw notFound(`There is no handler ${id}.`);
  if (patch.version !== current.version) throw versionConflict(id, patch.version, current.version);
  const { version, secret: requestedSecret, ...fields } = patch;
  const kind = fields.kind ?? current.kind;
  const touchesScript = kind === 'script' && (fields.kind !== undefined || fields.target !== undefined);
  const { event } = await checkRules(ctx, { event: fields.event, kind: touchesScript ? kind : undefined });

  // zod leaves absent optional keys out, so this holds exactly the fields the patch names.
  const changes: HandlerChanges = { ...fields };
  // The reason is the system's account of its own status change: a person setting the status replaces it.
  if (fields.status !== undefined) changes.statusReason = null;
  if (event !== undefined) changes.event = event;
  if (fields.headers !== undefined) changes.headers = unmaskHeaders(fields.headers, current.headers);
  let generated: string | undefined;
  if (requestedSecret !== undefined) {
    Object.assign(changes, secretChanges(current, requestedSecret, new Date()));
    if (requestedSecret === 'generate') generated = changes.secret ?? undefined;
  }
  if (Object.keys(changes).length === 0) return written(current, undefined);

  const row = await ctx.db.transaction(async (tx) => {
    const updated = await updateHandlerAtVersion(tx, id, version, changes);
    if (!updated) {
      // Lost a race between the check above and this update: tell which way.
      const now = await handlerById(tx, id);
      if (!now) throw notFound(`There is no handler ${id}.`);
      throw versionConflict(id, version, now.version);
    }
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'handler.update',
      handlerId: id,
      before: handlerView(current),
      after: handlerView(updated),
    });
    return updated;
  });
  return written(row, generated);
}

export async function removeHandler(ctx: WriteContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const deleted = await deleteHandler(tx, id);
    if (!deleted) throw notFound(`There is no handler ${id}.`);
    await insertAuditEntry(tx, {
      actor: ctx.actor,
      action: 'handler.delete',
      handlerId: id,
      before: handlerView(deleted),
      after: null,
    });
  });
}
