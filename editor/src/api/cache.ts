import { CachePublished, CacheStatus } from '@hookline/domain';
import type { ApiClient } from './client';

export function getCacheStatus(api: ApiClient, signal?: AbortSignal): Promise<CacheStatus> {
  return api.get('/api/cache', { schema: CacheStatus, signal });
}

export function publishNow(api: ApiClient): Promise<CachePublished> {
  return api.post('/api/cache/refresh', { schema: CachePublished });
}
