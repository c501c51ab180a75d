import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { ApiDeps } from './deps';
import { DEFAULT_EDITOR_DIR, editorStatic } from './editor-static';
import { authenticate } from './middleware/auth';
import { notFoundHandler, problemHandler } from './middleware/problem';
import { requestLog } from './middleware/request-log';
import { cacheRouter } from './routes/cache';
import { catalogRouter } from './routes/catalog';
import { eventsRouter } from './routes/events';
import { executionsRouter } from './routes/executions';
import { handlersRouter } from './routes/handlers';
import { healthRouter } from './routes/health';

export const BODY_LIMIT = '1mb';

/** Any media type that claims JSON (`application/json`, `application/problem+json`, `text/json`, …). */
function claimsJson(req: IncomingMessage): boolean {
  return /\bjson\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * The /api surface. Public routes come before `authenticate`; bodies are parsed only after it, so
 * an anonymous caller cannot make the server read a megabyte.
 */
function apiRouter(deps: ApiDeps): express.Router {
  const api = express.Router();
  api.use(healthRouter(deps));
  api.use(authenticate(deps.database.db));
  api.use(express.json({ limit: BODY_LIMIT, type: claimsJson }));
  api.use(catalogRouter(deps));
  api.use(handlersRouter(deps));
  api.use(cacheRouter(deps));
  api.use(eventsRouter(deps));
  api.use(executionsRouter(deps));
  api.use(notFoundHandler);
  return api;
}

/** The whole HTTP application, without listen(): server.ts listens, tests drive it directly. */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.log));
  app.use('/api', apiRouter(deps));
  const editorDir = deps.editorDir === undefined ? DEFAULT_EDITOR_DIR : deps.editorDir;
  const editor = editorDir ? editorStatic(editorDir) : null;
  if (editor) app.use(editor);
  app.use(notFoundHandler);
  app.use(problemHandler(deps.log));
  return app;
}
