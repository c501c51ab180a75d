import { handlerById, listHandlers } from '@hookline/db';
import {
  HandlerCreate,
  HandlerListQuery,
  HandlerPatch,
  NumericIdParams,
  ReorderRequest,
  type HandlerKind,
} from '@hookline/domain';
import type { Request, Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { createHandler, patchHandler, removeHandler, type WriteContext } from './store';
import { reorderHandlers } from './reorder';
import { handlerView } from './view';
import { PERMISSIONS, principalOf, requireRole } from '../http/auth';
import { notFound } from '../http/problem';
import { parseBody, parseParams, parseQuery } from '../http/validate';

/**
 * HandlerPatch checks `target` against `kind ?? 'http'`, which misjudges a patch that changes only
 * the target of a script handler. Adding the stored kind (unchanged) lets it judge the right rule.
 */
function withStoredKind(body: unknown, storedKind: HandlerKind | undefined): unknown {
  if (storedKind === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return 'target' in body && !('kind' in body) ? { ...body, kind: storedKind } : body;
}

export function handlersRouter({ config, database }: ApiDeps): Router {
  const router = express.Router();
  const { db } = database;
  const writer = (req: Request): WriteContext => ({ db, actor: principalOf(req).name, config });

  router.get('/handlers', requireRole(...PERMISSIONS.read), async (req, res) => {
    const query = parseQuery(req, HandlerListQuery);
    const rows = await listHandlers(db, {
      event: query.event,
      statuses: query.status,
      kind: query.kind,
      text: query.q,
      includeArchived: query.includeArchived,
    });
    res.json({ items: rows.map(handlerView), nextCursor: null });
  });

  router.post('/handlers', requireRole(...PERMISSIONS.design), async (req, res) => {
    const input = parseBody(req, HandlerCreate);
    const { handler, secret } = await createHandler(writer(req), input);
    res
      .status(201)
      .location(`/api/handlers/${handler.id}`)
      .json(secret === undefined ? handler : { ...handler, secret });
  });

  router.post('/handlers/reorder', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { event, order } = parseBody(req, ReorderRequest);
    res.json({ items: await reorderHandlers(writer(req), event, order), nextCursor: null });
  });

  router.get('/handlers/:id', requireRole(...PERMISSIONS.read), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    const row = await handlerById(db, id);
    if (!row) throw notFound(`There is no handler ${id}.`);
    res.json(handlerView(row));
  });

  router.patch('/handlers/:id', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    const stored = await handlerById(db, id);
    if (!stored) throw notFound(`There is no handler ${id}.`);
    req.body = withStoredKind(req.body, stored.kind);
    const patch = parseBody(req, HandlerPatch);
    const { handler, secret } = await patchHandler(writer(req), id, patch);
    res.json(secret === undefined ? handler : { ...handler, secret });
  });

  router.delete('/handlers/:id', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    await removeHandler(writer(req), id);
    res.status(204).end();
  });

  return router;
}
