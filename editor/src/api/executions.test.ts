import { BulkReplayStarted, ReplayProgress, ReplayStarted } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { recordingFetch, shaped } from '../test/fixtures';
import { createApiClient } from './client';
import { getReplayProgress, isFinished, replayExecution, startBulkReplay } from './executions';
import { ApiError } from './problem';

describe('replay api', () => {
  it('answers the new execution of a replay', async () => {
    const started = shaped(ReplayStarted, { executionId: 'e2', workflowId: 'event-e2' });
    const { fetch, calls } = recordingFetch([{ status: 202, body: started }]);
    await expect(
      replayExecution(createApiClient({ key: 'k', fetch }), 'e1', { mode: 'failed', handlers: 'original' })
    ).resolves.toEqual(started);
    expect(calls[0]).toMatchObject({
      url: '/api/executions/e1/replay',
      body: { mode: 'failed', handlers: 'original' },
    });
  });

  it('answers the id of a bulk replay, and refuses one that is not a string', async () => {
    const request = { filter: { status: 'failed' as const }, mode: 'all' as const, handlers: 'original' as const };
    const started = shaped(BulkReplayStarted, { id: 'r1', workflowId: 'bulk-replay-r1' });
    const ok = recordingFetch([{ status: 202, body: started }]);
    await expect(
      startBulkReplay(createApiClient({ key: 'k', fetch: ok.fetch }), { ...request, concurrency: 5 })
    ).resolves.toBe('r1');
    const numeric = recordingFetch([{ status: 202, body: { id: 1, workflowId: 'bulk-replay-1' } }]);
    await expect(
      startBulkReplay(createApiClient({ key: 'k', fetch: numeric.fetch }), { ...request, concurrency: 5 })
    ).rejects.toBeInstanceOf(ApiError);
  });

  it('reads the progress of a bulk replay, which is over once it is no longer running', async () => {
    const progress = shaped(ReplayProgress, {
      id: 'r1',
      workflowId: 'bulk-replay-r1',
      status: 'running',
      total: null,
      done: 0,
      failed: 0,
      skipped: 0,
      filter: {},
      mode: 'all',
      handlers: 'original',
      concurrency: 5,
      requestedBy: 'admin',
      createdAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
      error: null,
    });
    const { fetch } = recordingFetch([{ body: progress }]);
    const read = await getReplayProgress(createApiClient({ key: 'k', fetch }), 'r1');
    expect(read).toEqual(progress);
    expect(isFinished(read)).toBe(false);
    expect(isFinished({ ...read, status: 'completed' })).toBe(true);
  });
});
