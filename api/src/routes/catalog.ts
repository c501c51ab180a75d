import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { eventCatalog } from '../event-types';
import { PERMISSIONS, requireRole } from '../middleware/auth';

export function catalogRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  router.get('/catalog/events', requireRole(...PERMISSIONS.read), async (_req, res) => {
    res.json({ items: await eventCatalog(database.db), nextCursor: null });
  });
  return router;
}
