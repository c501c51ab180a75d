import { z } from 'zod';
import type { ApiClient } from './client';

const CacheStatusSchema = z.object({
  version: z.number().int().nullable(),
  refreshedAt: z.string().nullable(),
  nextRefreshAt: z.string().nullable(),
  pendingChanges: z.boolean(),
});
export type CacheStatus = z.infer<typeof CacheStatusSchema>;

const PublishResultSchema = CacheStatusSchema.extend({ changed: z.boolean().optional() });
export type PublishResult = z.infer<typeof PublishResultSchema>;

export function getCacheStatus(api: ApiClient, signal?: AbortSignal): Promise<CacheStatus> {
  return api.get('/api/cache', { schema: CacheStatusSchema, signal });
}

export function publishNow(api: ApiClient): Promise<PublishResult> {
  return api.post('/api/cache/refresh', { schema: PublishResultSchema });
}
