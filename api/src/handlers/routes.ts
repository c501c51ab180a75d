import { handlerById, listHandlers } from '@hookline/db';
import {
  Handler,
  HandlerCreate,
  HandlerListQuery,
  HandlerPatch,
  HandlerWritten,
  NumericIdParams,
  Page,
  PERMISSIONS,
  ReorderRequest,
  type HandlerKind,
} from '@hookline/domain';
import type { AppContext } from '../app-context';
import type { Principal } from '../http/auth';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { reorderHandlers } from './reorder';
import { createHandler, patchHandler, removeHandler, type WriteContext } from './store';
import { handlerView } from './view';
import { handlerFor } from './credentials';

/**
 * HandlerPatch checks `target` against `kind ?? 'http'`, which misjudges a patch that changes only
 * the target of a script handler. Adding the stored kind (unchanged) lets it judge the right rule.
 */
function withStoredKind(body: unknown, storedKind: HandlerKind | undefined): unknown {
  if (storedKind === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return 'target' in body && !('kind' in body) ? { ...body, kind: storedKind } : body;
}

const writer = ({ config, database }: AppContext, principal: Principal): WriteContext => ({
  db: database.db,
  actor: principal.name,
  config,
});

export const handlersRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/handlers',
    summary: 'List handlers (archived ones only when asked)',
    tag: 'handlers',
    access: PERMISSIONS.read,
    query: HandlerListQuery,
    responses: { 200: { description: 'Handlers by event, then run order', schema: Page(Handler) } },
    handle: async ({ query, principal, res }, { lists }) => {
      const rows = await listHandlers(lists, {
        event: query.event,
        statuses: query.status,
        kind: query.kind,
        text: query.q,
        includeArchived: query.includeArchived,
        health: query.health,
      });
      res.json({ items: rows.map((row) => handlerFor(principal.role, handlerView(row))), nextCursor: null });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/handlers',
    summary: 'Create a handler',
    tag: 'handlers',
    access: PERMISSIONS.design,
    body: HandlerCreate,
    responses: { 201: { description: 'Created', schema: HandlerWritten } },
    handle: async ({ body, principal, res }, app) => {
      const { handler, secret } = await createHandler(writer(app, principal), body);
      res
        .status(201)
        .location(`/api/handlers/${handler.id}`)
        .json(handlerFor(principal.role, secret === undefined ? handler : { ...handler, secret }));
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/handlers/reorder',
    summary: "Renumber an event's run order in one transaction",
    tag: 'handlers',
    access: PERMISSIONS.design,
    body: ReorderRequest,
    responses: { 200: { description: 'The handlers in their new order', schema: Page(Handler) } },
    handle: async ({ body: { event, order }, principal, res }, app) => {
      const items = await reorderHandlers(writer(app, principal), event, order);
      res.json({ items: items.map((handler) => handlerFor(principal.role, handler)), nextCursor: null });
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/handlers/:id',
    summary: 'One handler',
    tag: 'handlers',
    access: PERMISSIONS.read,
    params: NumericIdParams,
    responses: { 200: { description: 'The handler', schema: Handler } },
    handle: async ({ params: { id }, principal, res }, { database }) => {
      const row = await handlerById(database.db, id);
      if (!row) throw notFound(`There is no handler ${id}.`);
      res.json(handlerFor(principal.role, handlerView(row)));
    },
  }),

  defineRoute({
    method: 'patch',
    path: '/api/handlers/:id',
    summary: 'Change a handler; `version` must be the current one (else 409 with currentVersion)',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    body: HandlerPatch,
    responses: { 200: { description: 'Changed', schema: HandlerWritten } },
    // An unknown handler is a 404 before its body is judged, and the body is judged by the stored kind.
    prepareBody: async (raw, { params: { id } }, { database }) => {
      const stored = await handlerById(database.db, id);
      if (!stored) throw notFound(`There is no handler ${id}.`);
      return withStoredKind(raw, stored.kind);
    },
    handle: async ({ params: { id }, body, principal, res }, app) => {
      const { handler, secret } = await patchHandler(writer(app, principal), id, body);
      res.json(handlerFor(principal.role, secret === undefined ? handler : { ...handler, secret }));
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/api/handlers/:id',
    summary: 'Delete a handler',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    responses: { 204: { description: 'Deleted' } },
    handle: async ({ params: { id }, principal, res }, app) => {
      await removeHandler(writer(app, principal), id);
      res.status(204).end();
    },
  }),
];
