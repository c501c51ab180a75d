import type { Router } from 'express';
import express from 'express';
import { cacheStatus } from './status';
import type { ApiDeps } from '../deps';
import { PERMISSIONS, requireRole } from '../http/auth';
import { HttpProblem } from '../http/problem';

export function cacheRouter(deps: ApiDeps): Router {
  const router = express.Router();

  router.get('/cache', requireRole(...PERMISSIONS.read), async (_req, res) => {
    res.json(await cacheStatus(deps));
  });

  router.post('/cache/refresh', requireRole(...PERMISSIONS.design), async (_req, res) => {
    let published: { version: number; changed: boolean };
    try {
      published = await deps.hookline.publishCache();
    } catch (err) {
      // The worker creates the schedule at start; without it there is nothing to trigger yet.
      if (err instanceof Error && err.name === 'ScheduleNotFoundError') {
        throw new HttpProblem(503, 'The handler cache schedule does not exist yet: start a worker first.', {
          headers: { 'Retry-After': '5' },
        });
      }
      throw err;
    }
    const status = await cacheStatus(deps);
    res.json({ ...status, version: published.version, changed: published.changed });
  });

  return router;
}
