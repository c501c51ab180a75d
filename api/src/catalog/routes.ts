import { CustomEventTypeCreate, CustomEventTypePatch, EventTypeParams } from '@hookline/domain';
import type { Request, Router } from 'express';
import express from 'express';
import { changeEventType, registerEventType, removeEventType, type CatalogWriteContext } from './store';
import type { ApiDeps } from '../deps';
import type { EventDataValidator } from './data-validator';
import { eventCatalog } from './event-types';
import { PERMISSIONS, principalOf, requireRole } from '../http/auth';
import { parseBody, parseParams } from '../http/validate';

export function catalogRouter({ database }: ApiDeps, validator: EventDataValidator): Router {
  const router = express.Router();
  const { db } = database;
  const writer = (req: Request): CatalogWriteContext => ({ db, actor: principalOf(req).name, validator });

  router.get('/catalog/events', requireRole(...PERMISSIONS.read), async (_req, res) => {
    res.json({ items: await eventCatalog(db), nextCursor: null });
  });

  router.post('/catalog/events', requireRole(...PERMISSIONS.design), async (req, res) => {
    const entry = await registerEventType(writer(req), parseBody(req, CustomEventTypeCreate));
    res
      .status(201)
      .location(`/api/catalog/events/${encodeURIComponent(entry.type)}`)
      .json(entry);
  });

  router.patch('/catalog/events/:type', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { type } = parseParams(req, EventTypeParams);
    res.json(await changeEventType(writer(req), type, parseBody(req, CustomEventTypePatch)));
  });

  router.delete('/catalog/events/:type', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { type } = parseParams(req, EventTypeParams);
    await removeEventType(writer(req), type);
    res.status(204).end();
  });

  return router;
}
