import { HandlerStatsResponse, type HandlerStats } from '@hookline/domain';
import type { ApiClient } from './client';

/** Calls, failures and durations per handler since `since`; handlers without attempts are absent. */
export async function getHandlerStats(api: ApiClient, since: Date, signal?: AbortSignal): Promise<HandlerStats[]> {
  const answer = await api.get('/api/stats/handlers', {
    query: { since: since.toISOString() },
    schema: HandlerStatsResponse,
    signal,
  });
  return answer.items;
}
