import { ApiKeyCreate, NumericIdParams, type ApiKeyIdentity } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import { allApiKeys, createApiKey, revokeKey } from './store';
import type { ApiDeps } from '../deps';
import { PERMISSIONS, principalOf, requireRole } from '../http/auth';
import { parseBody, parseParams } from '../http/validate';

export function keysRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  const { db } = database;

  // Any valid key may ask who it is: the editor hides what the role may not do.
  router.get('/keys/me', (req, res) => {
    const { keyId, name, role } = principalOf(req);
    res.json({ id: keyId, name, role } satisfies ApiKeyIdentity);
  });

  router.post('/keys', requireRole(...PERMISSIONS.manageKeys), async (req, res) => {
    const created = await createApiKey(db, principalOf(req).name, parseBody(req, ApiKeyCreate));
    res.status(201).location(`/api/keys/${created.id}`).json(created);
  });

  router.get('/keys', requireRole(...PERMISSIONS.manageKeys), async (_req, res) => {
    res.json({ items: await allApiKeys(db), nextCursor: null });
  });

  router.delete('/keys/:id', requireRole(...PERMISSIONS.manageKeys), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    await revokeKey(db, principalOf(req).name, id);
    res.status(204).end();
  });

  return router;
}
