import { CachePublished, CacheStatus, PERMISSIONS } from '@hookline/domain';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { cacheStatus } from './status';

export const cacheRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/cache',
    summary: 'Handler snapshot status: version, refresh times, pending changes',
    tag: 'cache',
    access: PERMISSIONS.read,
    responses: { 200: { description: 'The status', schema: CacheStatus } },
    handle: async ({ res }, app) => {
      res.json(await cacheStatus(app));
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/cache/refresh',
    summary: 'Publish now: refresh the handler snapshot and answer its version',
    tag: 'cache',
    access: PERMISSIONS.design,
    responses: { 200: { description: 'Published', schema: CachePublished } },
    handle: async ({ res }, app) => {
      let published: { version: number; changed: boolean };
      try {
        published = await app.hookline.publishHandlerCache();
      } catch (err) {
        // The worker creates the schedule at start; without it there is nothing to trigger yet.
        if (err instanceof Error && err.name === 'ScheduleNotFoundError') {
          throw new HttpProblem(503, 'The handler cache schedule does not exist yet: start a worker first.', {
            headers: { 'Retry-After': '5' },
          });
        }
        throw err;
      }
      const status = await cacheStatus(app);
      res.json({ ...status, version: published.version, changed: published.changed });
    },
  }),
];
