import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Router } from 'express';
import express from 'express';

/** editor/dist of this repository, seen from api/src (tests) and api/dist (built) alike. */
export const DEFAULT_EDITOR_DIR = resolve(__dirname, '..', '..', '..', 'editor', 'dist');

/**
 * Serves the built editor at `/`, with the single-page fallback: a GET for a path without a file
 * extension outside /api answers index.html, so deep links into the editor work on reload.
 * Null when there is no build, so the API runs without the editor.
 */
export function editorStatic(dir: string): Router | null {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const router = express.Router();
  router.use(express.static(dir, { index: 'index.html', fallthrough: true }));
  router.use((req, res, next) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && extname(req.path) === '';
    if (!isPage || req.path === '/api' || req.path.startsWith('/api/')) return next();
    res.sendFile(index);
  });
  return router;
}
