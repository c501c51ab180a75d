import { describe, expect, it, vi } from 'vitest';
import { recordingFetch } from '../test/fixtures';
import { createApiClient } from './client';
import { ApiError } from './problem';
import { whoAmI } from './session';

describe('api client', () => {
  it('sends the bearer key and JSON, and builds the query string', async () => {
    const { fetch, calls } = recordingFetch([{ body: { ok: true } }]);
    const api = createApiClient({ key: 'secret-key', fetch });
    await api.post('/api/x', { body: { a: 1 }, query: { status: 'failed', empty: '', none: undefined, n: 2 } });
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/x?status=failed&n=2',
      body: { a: 1 },
      headers: expect.objectContaining({ authorization: 'Bearer secret-key', 'content-type': 'application/json' }),
    });
  });

  it('turns problem+json into an ApiError with its field errors', async () => {
    const { fetch } = recordingFetch([
      {
        status: 400,
        body: {
          type: 'urn:hookline:problem:validation',
          title: 'Invalid request',
          status: 400,
          detail: 'The request is invalid: name is required',
          errors: [{ path: 'name', message: 'is required' }],
        },
      },
    ]);
    const api = createApiClient({ key: 'k', fetch });
    const error = await api.get('/api/handlers').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).errors).toEqual([{ path: 'name', message: 'is required' }]);
    expect((error as ApiError).message).toBe('The request is invalid: name is required');
  });

  it('tells the session when the key is refused', async () => {
    const { fetch } = recordingFetch([
      { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'revoked' } },
    ]);
    const onUnauthorized = vi.fn();
    const api = createApiClient({ key: 'k', fetch, onUnauthorized });
    await expect(api.get('/api/cache')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('takes the role from /api/keys/me, and assumes admin where that route does not exist', async () => {
    const me = recordingFetch([{ body: { name: 'ops', role: 'operator' } }]);
    await expect(whoAmI(createApiClient({ key: 'k', fetch: me.fetch }))).resolves.toEqual({
      name: 'ops',
      role: 'operator',
    });
    const missing = recordingFetch([{ status: 404, body: { title: 'Not Found', status: 404, detail: 'No route' } }]);
    await expect(whoAmI(createApiClient({ key: 'k', fetch: missing.fetch }))).resolves.toMatchObject({ role: 'admin' });
  });
});
