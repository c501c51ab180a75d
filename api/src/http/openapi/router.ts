import type { Router } from 'express';
import express from 'express';
import { buildOpenApiDocument } from './document';

/** Unauthenticated, like the health check: clients and tools read it before they have a key. */
export function openApiRouter(): Router {
  const router = express.Router();
  let document: ReturnType<typeof buildOpenApiDocument> | null = null;
  router.get('/openapi.json', (_req, res) => {
    // Built on first request: a process that nobody asks pays nothing.
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  return router;
}
