import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { ApiDeps } from './deps';
import { DEFAULT_EDITOR_DIR, editorStatic } from './editor/static';
import { EventDataValidator } from './catalog/data-validator';
import { authenticate } from './http/auth';
import { notFoundHandler, problemHandler } from './http/problem';
import { requestLog } from './http/request-log';
import { auditRouter } from './audit/routes';
import { cacheRouter } from './cache/routes';
import { catalogRouter } from './catalog/routes';
import { eventsRouter } from './events/routes';
import { executionsRouter } from './executions/routes';
import { handlerLogsRouter } from './handlers/log-routes';
import { handlerToolsRouter } from './handlers/tool-routes';
import { handlersRouter } from './handlers/routes';
import { healthRouter } from './health/routes';
import { keysRouter } from './keys/routes';
import { metricsRouter } from './metrics/routes';
import { openApiRouter } from './http/openapi/router';
import { replaysRouter } from './replays/routes';
import { statsRouter } from './stats/routes';

export const BODY_LIMIT = '1mb';

/** Any media type that claims JSON (`application/json`, `application/problem+json`, `text/json`, …). */
function claimsJson(req: IncomingMessage): boolean {
  return /\bjson\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * The /api surface. Public routes come before `authenticate`; bodies are parsed only after it, so
 * an anonymous caller cannot make the server read a megabyte. Every route is listed, with who may
 * call it, in openapi/route-table.ts.
 */
function apiRouter(deps: ApiDeps): express.Router {
  // One per app: the compiled JSON Schemas of custom event types.
  const validator = new EventDataValidator();
  const api = express.Router();
  api.use(healthRouter(deps));
  api.use(openApiRouter());
  api.use(authenticate(deps.database.db));
  api.use(express.json({ limit: BODY_LIMIT, type: claimsJson }));
  api.use(keysRouter(deps));
  api.use(catalogRouter(deps, validator));
  // Before handlersRouter's `/handlers/:id` routes only by habit: their methods and shapes differ.
  api.use(handlerToolsRouter(deps));
  api.use(handlerLogsRouter(deps));
  api.use(handlersRouter(deps));
  api.use(cacheRouter(deps));
  api.use(eventsRouter(deps, validator));
  api.use(executionsRouter(deps));
  api.use(replaysRouter(deps));
  api.use(auditRouter(deps));
  api.use(statsRouter(deps));
  api.use(notFoundHandler);
  return api;
}

/** The whole HTTP application, without listen(): server.ts listens, tests drive it directly. */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.log));
  app.use(metricsRouter(deps));
  app.use('/api', apiRouter(deps));
  const editorDir = deps.editorDir === undefined ? DEFAULT_EDITOR_DIR : deps.editorDir;
  const editor = editorDir ? editorStatic(editorDir) : null;
  if (editor) app.use(editor);
  app.use(notFoundHandler);
  app.use(problemHandler(deps.log));
  return app;
}
