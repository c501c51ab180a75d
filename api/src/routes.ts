import { z } from 'zod';
import { auditRoutes } from './audit/routes';
import { cacheRoutes } from './cache/routes';
import { catalogRoutes } from './catalog/routes';
import { eventsRoutes } from './events/routes';
import { executionsRoutes } from './executions/routes';
import { handlerLogRoutes } from './handlers/log-routes';
import { handlersRoutes } from './handlers/routes';
import { handlerToolRoutes } from './handlers/tool-routes';
import { healthRoute } from './health/routes';
import { buildOpenApiDocument } from './http/openapi/document';
import { defineRoute, type Route } from './http/route';
import { keysRoutes } from './keys/routes';
import { metricsRoute } from './metrics/routes';
import { replaysRoutes } from './replays/routes';
import { statsRoutes } from './stats/routes';

let document: ReturnType<typeof buildOpenApiDocument> | null = null;

/** Unauthenticated, like the health check: clients and tools read it before they have a key. */
const openApiRoute = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document',
  tag: 'operations',
  access: 'public',
  responses: {
    200: { description: 'The OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) },
  },
  handle: ({ res }) => {
    // Built on first request: a process that nobody asks pays nothing.
    document ??= buildOpenApiDocument(ROUTES);
    res.json(document);
  },
});

/**
 * Every route the app serves, and nothing else: app.ts registers exactly these, the OpenAPI
 * document describes exactly these, routes.test.ts calls each of them as every role.
 */
export const ROUTES: readonly Route[] = [
  healthRoute,
  openApiRoute,
  metricsRoute,
  ...catalogRoutes,
  ...handlersRoutes,
  ...handlerToolRoutes,
  ...handlerLogRoutes,
  ...cacheRoutes,
  ...eventsRoutes,
  ...keysRoutes,
  ...auditRoutes,
  ...executionsRoutes,
  ...replaysRoutes,
  ...statsRoutes,
];
