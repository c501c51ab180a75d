import { handlerStats } from '@hookline/db';
import { StatsQuery, sinceInstant, type HandlerStatsResponse } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { PERMISSIONS, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';

export function statsRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  router.get('/stats/handlers', requireRole(...PERMISSIONS.read), async (req, res) => {
    const since = sinceInstant(parseQuery(req, StatsQuery).since, new Date());
    const body: HandlerStatsResponse = { since: since.toISOString(), items: await handlerStats(database.db, since) };
    res.json(body);
  });
  return router;
}
