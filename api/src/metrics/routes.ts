import { latestSnapshotMeta } from '@hookline/db';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';

/** The gauges are read at scrape time, from these sources. */
export function bindMetricSources({ database, hookline, metrics }: ApiDeps): void {
  metrics.setSources({
    snapshotCreatedAt: async () => (await latestSnapshotMeta(database.db))?.createdAt ?? null,
    queueBacklog: () => hookline.queueBacklog(),
  });
}

/**
 * `GET /metrics` in the Prometheus text format, unauthenticated like every scrape target (the API
 * listens on loopback unless HOST says otherwise).
 */
export const metricsRoute = defineRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics',
  tag: 'operations',
  access: 'public',
  responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain' } },
  handle: async ({ res }, { metrics }) => {
    const body = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(body);
  },
});
