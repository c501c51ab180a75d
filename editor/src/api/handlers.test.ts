import { Attempt, TestSendResult } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { handler, recordingFetch, shaped } from '../test/fixtures';
import { createApiClient } from './client';
import { createHandler, listHandlers, testHandler } from './handlers';
import { ApiError } from './problem';

const attempt = shaped(Attempt, {
  attempt: 1,
  status: 'succeeded',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  request: { url: 'https://receiver.example/1', headers: {}, body: {} },
  response: { status: 200, headers: {}, body: 'ok' },
  error: null,
  escaped: false,
});

describe('handlers api', () => {
  it('lists every handler, archived included, from the page the API answers', async () => {
    const items = [handler({ id: 1, event: 'clients.create' }), handler({ id: 2, event: 'clients.update' })];
    const { fetch, calls } = recordingFetch([{ body: { items, nextCursor: null } }]);
    await expect(listHandlers(createApiClient({ key: 'k', fetch }))).resolves.toEqual(items);
    expect(calls[0]?.url).toBe('/api/handlers?includeArchived=true');
  });

  it('refuses a bare array where the API answers a page', async () => {
    const { fetch } = recordingFetch([{ body: [handler({ event: 'clients.create' })] }]);
    await expect(listHandlers(createApiClient({ key: 'k', fetch }))).rejects.toBeInstanceOf(ApiError);
  });

  it('keeps the generated secret a write answers, the one time it is shown', async () => {
    const written = { ...handler({ id: 5, event: 'clients.create', hasSecret: true }), secret: 'whsec_abc' };
    const { fetch } = recordingFetch([{ status: 201, body: written }]);
    const created = await createHandler(createApiClient({ key: 'k', fetch }), {
      name: 'n',
      event: 'clients.create',
      target: 'https://receiver.example/5',
      secret: 'generate',
    });
    expect(created.secret).toBe('whsec_abc');
  });

  it('reads the test send as the logged attempt with its execution', async () => {
    const result = shaped(TestSendResult, { ...attempt, executionId: 'e1', eventId: 'test-1', handlerId: 4 });
    const { fetch, calls } = recordingFetch([{ body: result }]);
    await expect(testHandler(createApiClient({ key: 'k', fetch }), 4, { objectId: '1', data: {} })).resolves.toEqual(
      result
    );
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/handlers/4/test', body: { objectId: '1', data: {} } });
  });

  it('refuses a test send answered in another shape', async () => {
    const { fetch } = recordingFetch([{ body: { attempt } }]);
    await expect(
      testHandler(createApiClient({ key: 'k', fetch }), 4, { objectId: '1', data: {} })
    ).rejects.toBeInstanceOf(ApiError);
  });
});
