import { latestSnapshotMeta } from '@hookline/db';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';

/**
 * `GET /metrics` in the Prometheus text format, unauthenticated like every scrape target (the API
 * listens on loopback unless HOST says otherwise). The gauges are read at scrape time.
 */
export function metricsRouter({ database, hookline, metrics }: ApiDeps): Router {
  metrics.setSources({
    snapshotCreatedAt: async () => (await latestSnapshotMeta(database.db))?.createdAt ?? null,
    queueBacklog: () => hookline.queueBacklog(),
  });
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(body);
  });
  return router;
}
