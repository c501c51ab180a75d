import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { ApiError } from '../api/problem';
import { handler, recordingFetch } from '../test/fixtures';
import { applyPlan } from './apply-plan';

describe('applyPlan', () => {
  it('sends a reorder as exactly one POST /api/handlers/reorder', async () => {
    const answer = [
      handler({ id: 4, event: 'clients.create', priority: 1 }),
      handler({ id: 3, event: 'clients.create', priority: 2 }),
    ];
    const { fetch, calls } = recordingFetch([{ body: { items: answer, nextCursor: null } }]);
    const api = createApiClient({ key: 'k1', fetch });

    const result = await applyPlan(api, { kind: 'reorder', request: { event: 'clients.create', order: [4, 3] } });

    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/handlers/reorder',
        body: { event: 'clients.create', order: [4, 3] },
        headers: expect.objectContaining({ authorization: 'Bearer k1' }),
      }),
    ]);
    expect(result.map((h) => [h.id, h.priority])).toEqual([
      [4, 1],
      [3, 2],
    ]);
  });

  it('sends a move as the PATCH of the event with the version, then the reorder of the new chain', async () => {
    const moved = handler({ id: 10, event: 'clients.update', version: 5 });
    const { fetch, calls } = recordingFetch([
      { body: moved },
      {
        body: {
          items: [{ ...moved, priority: 1, version: 6 }, handler({ id: 5, event: 'clients.update', priority: 2 })],
          nextCursor: null,
        },
      },
    ]);
    const api = createApiClient({ key: 'k1', fetch });

    await applyPlan(api, {
      kind: 'move',
      handlerId: 10,
      patch: { event: 'clients.update', version: 4 },
      reorder: { event: 'clients.update', order: [10, 5] },
    });

    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PATCH', '/api/handlers/10', { event: 'clients.update', version: 4 }],
      ['POST', '/api/handlers/reorder', { event: 'clients.update', order: [10, 5] }],
    ]);
  });

  it('surfaces a 409 as an ApiError and stops there', async () => {
    const { fetch, calls } = recordingFetch([
      {
        status: 409,
        body: {
          type: 'urn:hookline:problem:version-conflict',
          title: 'Version conflict',
          status: 409,
          detail: 'stale',
        },
      },
    ]);
    const api = createApiClient({ key: 'k1', fetch });
    const moving = applyPlan(api, {
      kind: 'move',
      handlerId: 10,
      patch: { event: 'clients.update', version: 4 },
      reorder: { event: 'clients.update', order: [10] },
    });
    await expect(moving).rejects.toSatisfy((err) => err instanceof ApiError && err.isConflict);
    expect(calls).toHaveLength(1);
  });
});
