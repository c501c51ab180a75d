import {
  CatalogEntry,
  CustomEventTypeCreate,
  CustomEventTypePatch,
  EventTypeParams,
  Page,
  PERMISSIONS,
} from '@hookline/domain';
import type { AppContext } from '../app-context';
import type { Principal } from '../http/auth';
import { defineRoute } from '../http/route';
import { eventCatalog } from './event-types';
import { changeEventType, registerEventType, removeEventType, type CatalogWriteContext } from './store';

const writer = ({ database, validator, orderings }: AppContext, principal: Principal): CatalogWriteContext => ({
  db: database.db,
  actor: principal.name,
  validator,
  orderings,
});

export const catalogRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/catalog/events',
    summary: 'The event catalogue: built-in types with their aliases, then custom types',
    tag: 'catalogue',
    access: PERMISSIONS.read,
    responses: { 200: { description: 'The catalogue', schema: Page(CatalogEntry) } },
    handle: async ({ res }, { database }) => {
      res.json({ items: await eventCatalog(database.db), nextCursor: null });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/catalog/events',
    summary: 'Register a custom event type, optionally with a JSON Schema (2020-12) for its data',
    tag: 'catalogue',
    access: PERMISSIONS.design,
    body: CustomEventTypeCreate,
    responses: { 201: { description: 'Registered', schema: CatalogEntry } },
    handle: async ({ body, principal, res }, app) => {
      const entry = await registerEventType(writer(app, principal), body);
      res
        .status(201)
        .location(`/api/catalog/events/${encodeURIComponent(entry.type)}`)
        .json(entry);
    },
  }),

  defineRoute({
    method: 'patch',
    path: '/api/catalog/events/:type',
    summary:
      "Change an event type: a built-in type's ordering; a custom type's label, group, schema, family or ordering",
    tag: 'catalogue',
    access: PERMISSIONS.design,
    params: EventTypeParams,
    body: CustomEventTypePatch,
    responses: { 200: { description: 'Changed', schema: CatalogEntry } },
    handle: async ({ params, body, principal, res }, app) => {
      res.json(await changeEventType(writer(app, principal), params.type, body));
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/api/catalog/events/:type',
    summary: 'Remove a custom event type that no handler uses',
    tag: 'catalogue',
    access: PERMISSIONS.design,
    params: EventTypeParams,
    responses: { 204: { description: 'Removed' } },
    handle: async ({ params, principal, res }, app) => {
      await removeEventType(writer(app, principal), params.type);
      res.status(204).end();
    },
  }),
];
