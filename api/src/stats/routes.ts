import { handlerStats } from '@hookline/db';
import { HandlerStatsResponse, PERMISSIONS, StatsQuery, sinceInstant } from '@hookline/domain';
import { defineRoute } from '../http/route';

export const statsRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/stats/handlers',
    summary: 'Per handler: calls, failures, p50/p95 duration, last failure',
    tag: 'stats',
    access: PERMISSIONS.read,
    query: StatsQuery,
    responses: { 200: { description: 'Handler health over the window', schema: HandlerStatsResponse } },
    handle: async ({ query, res }, { lists }) => {
      const since = sinceInstant(query.since, new Date());
      const body: HandlerStatsResponse = { since: since.toISOString(), items: await handlerStats(lists, since) };
      res.json(body);
    },
  }),
];
