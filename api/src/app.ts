import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { ApiDeps } from './deps';
import { DEFAULT_EDITOR_DIR, editorStatic } from './editor-static';
import { EventDataValidator } from './event-data-validator';
import { authenticate } from './middleware/auth';
import { notFoundHandler, problemHandler } from './middleware/problem';
import { requestLog } from './middleware/request-log';
import { auditRouter } from './routes/audit';
import { cacheRouter } from './routes/cache';
import { catalogRouter } from './routes/catalog';
import { eventsRouter } from './routes/events';
import { executionsRouter } from './routes/executions';
import { handlerLogsRouter } from './routes/handler-logs';
import { handlerToolsRouter } from './routes/handler-tools';
import { handlersRouter } from './routes/handlers';
import { healthRouter } from './routes/health';
import { keysRouter } from './routes/keys';
import { metricsRouter } from './routes/metrics';
import { openApiRouter } from './routes/openapi';
import { replaysRouter } from './routes/replays';
import { statsRouter } from './routes/stats';

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
