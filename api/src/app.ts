import type { IncomingMessage } from 'node:http';
import express from 'express';
import { createAppContext } from './app-context';
import type { ApiDeps } from './deps';
import { DEFAULT_EDITOR_DIR, editorStatic } from './editor/static';
import { authenticate } from './http/auth';
import { notFoundHandler, problemHandler } from './http/problem';
import { requestLog } from './http/request-log';
import { serveRoutes } from './http/route';
import { bindMetricSources } from './metrics/routes';
import { ROUTES } from './routes';

export const BODY_LIMIT = '1mb';

const API = '/api';

/** Any media type that claims JSON (`application/json`, `application/problem+json`, `text/json`, …). */
function claimsJson(req: IncomingMessage): boolean {
  return /\bjson\b/i.test(req.headers['content-type'] ?? '');
}

/** The whole HTTP application, without listen(): server.ts listens, tests drive it directly. */
export function createApp(deps: ApiDeps): express.Express {
  const context = createAppContext(deps);
  bindMetricSources(deps);
  const underApi = ROUTES.filter((route) => route.path.startsWith(`${API}/`));
  const elsewhere = ROUTES.filter((route) => !underApi.includes(route));
  const publicApi = underApi.filter((route) => route.access === 'public');
  const keyedApi = underApi.filter((route) => route.access !== 'public');

  // Public routes come before `authenticate`; bodies are parsed only after it, so an anonymous
  // caller cannot make the server read a megabyte. Each route then checks its own role.
  const api = express.Router();
  serveRoutes(api, publicApi, context, API);
  api.use(authenticate(deps.database.db));
  api.use(express.json({ limit: BODY_LIMIT, type: claimsJson }));
  serveRoutes(api, keyedApi, context, API);
  api.use(notFoundHandler);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.log));
  serveRoutes(app, elsewhere, context);
  app.use(API, api);
  const editorDir = deps.editorDir === undefined ? DEFAULT_EDITOR_DIR : deps.editorDir;
  const editor = editorDir ? editorStatic(editorDir) : null;
  if (editor) app.use(editor);
  app.use(notFoundHandler);
  app.use(problemHandler(deps.log));
  return app;
}
