import { describe, expect, it, vi } from 'vitest';
import { identity, problem, recordingFetch } from '../test/fixtures';
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
        body: problem(400, 'The request is invalid: name is required', {
          type: 'urn:hookline:problem:validation',
          title: 'Invalid request',
          errors: [{ path: 'name', message: 'is required' }],
        }),
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
    const { fetch } = recordingFetch([{ status: 401, body: problem(401, 'revoked', { title: 'Unauthorized' }) }]);
    const onUnauthorized = vi.fn();
    const api = createApiClient({ key: 'k', fetch, onUnauthorized });
    await expect(api.get('/api/cache')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('reads a body that is not a problem as a readable one', async () => {
    const { fetch } = recordingFetch([{ status: 502, body: 'Bad gateway', type: 'text/plain' }]);
    const error = await createApiClient({ key: 'k', fetch })
      .get('/api/cache')
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).message).toBe('Bad gateway');
  });

  it('refuses an answer of another shape than the schema, naming where it differs', async () => {
    const { fetch } = recordingFetch([{ body: { id: 1, name: 'ops', role: 'root' } }]);
    const error = await whoAmI(createApiClient({ key: 'k', fetch })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('GET /api/keys/me answered in an unexpected shape (at role).');
  });
});

describe('whoAmI', () => {
  it('takes the identity and role from /api/keys/me', async () => {
    const me = recordingFetch([{ body: identity('operator', { id: 7, name: 'ops' }) }]);
    await expect(whoAmI(createApiClient({ key: 'k', fetch: me.fetch }))).resolves.toEqual({
      id: 7,
      name: 'ops',
      role: 'operator',
    });
    expect(me.calls[0]?.url).toBe('/api/keys/me');
  });

  it('treats a refusal as an error, never as a role', async () => {
    const missing = recordingFetch([{ status: 404, body: problem(404, 'No route for GET /api/keys/me') }]);
    await expect(whoAmI(createApiClient({ key: 'k', fetch: missing.fetch }))).rejects.toMatchObject({ status: 404 });
    const forbidden = recordingFetch([{ status: 403, body: problem(403, 'Forbidden') }]);
    await expect(whoAmI(createApiClient({ key: 'k', fetch: forbidden.fetch }))).rejects.toMatchObject({ status: 403 });
  });

  it('signs out on a 401', async () => {
    const revoked = recordingFetch([{ status: 401, body: problem(401, 'revoked') }]);
    const onUnauthorized = vi.fn();
    await expect(whoAmI(createApiClient({ key: 'k', fetch: revoked.fetch, onUnauthorized }))).rejects.toBeInstanceOf(
      ApiError
    );
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});
