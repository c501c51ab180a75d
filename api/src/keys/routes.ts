import {
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyIdentity,
  ApiKeySummary,
  NumericIdParams,
  Page,
  PERMISSIONS,
} from '@hookline/domain';
import { defineRoute } from '../http/route';
import { allApiKeys, createApiKey, revokeKey } from './store';

export const keysRoutes = [
  // Any valid key may ask who it is: the editor hides what the role may not do.
  defineRoute({
    method: 'get',
    path: '/api/keys/me',
    summary: 'The key making the request: id, name and role',
    tag: 'keys',
    access: 'any key',
    responses: { 200: { description: 'The key', schema: ApiKeyIdentity } },
    handle: ({ principal: { keyId, name, role }, res }) => {
      res.json({ id: keyId, name, role } satisfies ApiKeyIdentity);
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/keys',
    summary: 'Create an API key; the key itself is shown in this answer only',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    body: ApiKeyCreate,
    responses: { 201: { description: 'Created', schema: ApiKeyCreated } },
    handle: async ({ body, principal, res }, { database }) => {
      const created = await createApiKey(database.db, principal.name, body);
      res.status(201).location(`/api/keys/${created.id}`).json(created);
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/keys',
    summary: 'List API keys (never their secrets)',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    responses: { 200: { description: 'Every key, revoked ones included', schema: Page(ApiKeySummary) } },
    handle: async ({ res }, { database }) => {
      res.json({ items: await allApiKeys(database.db), nextCursor: null });
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/api/keys/:id',
    summary: 'Revoke an API key (not the last active admin key)',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    params: NumericIdParams,
    responses: { 204: { description: 'Revoked' } },
    handle: async ({ params, principal, res }, { database }) => {
      await revokeKey(database.db, principal.name, params.id);
      res.status(204).end();
    },
  }),
];
