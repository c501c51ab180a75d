import { HandlerStatsResponse } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { recordingFetch, shaped } from '../test/fixtures';
import { createApiClient } from './client';
import { ApiError } from './problem';
import { getHandlerStats } from './stats';

const answer = shaped(HandlerStatsResponse, {
  since: '2026-01-01T00:00:00.000Z',
  items: [{ handlerId: 3, name: 'CRM sync', calls: 10, failures: 2, p50Ms: 12, p95Ms: 80, lastFailureAt: null }],
});

describe('getHandlerStats', () => {
  it('asks for the window by its start and answers the items as the API names them', async () => {
    const { fetch, calls } = recordingFetch([{ body: answer }]);
    const items = await getHandlerStats(createApiClient({ key: 'k', fetch }), new Date('2026-01-01T00:00:00Z'));
    expect(calls[0]?.url).toBe('/api/stats/handlers?since=2026-01-01T00%3A00%3A00.000Z');
    expect(items).toEqual(answer.items);
  });

  it('refuses field names the API does not answer', async () => {
    const { fetch } = recordingFetch([{ body: { items: [{ id: 3, calls: 10, failures: 2, p95: 80 }] } }]);
    await expect(getHandlerStats(createApiClient({ key: 'k', fetch }), new Date())).rejects.toBeInstanceOf(ApiError);
  });
});
