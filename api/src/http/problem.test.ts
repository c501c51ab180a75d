import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function handlerCount(): Promise<number> {
  return (await api.database.db.query.handlers.findMany()).length;
}

function expectProblem(res: { status: number; headers: Headers; body: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(res.body.detail).toEqual(expect.any(String));
}

describe('problem responses', () => {
  it('answers malformed JSON with 400 and writes nothing', async () => {
    const res = await api.request('/api/handlers', {
      method: 'POST',
      rawBody: '{"name": "x", ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
    expect(await handlerCount()).toBe(0);
  });

  it('answers a body over 1 MiB with 413, whatever JSON media type it claims', async () => {
    const big = JSON.stringify(handlerBody({ name: 'x'.repeat(1024 * 1024 + 10) }));
    const json = await api.request('/api/handlers', {
      method: 'POST',
      rawBody: big,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(json, 413);
    const vendor = await api.request('/api/events', {
      method: 'POST',
      rawBody: big,
      headers: { 'content-type': 'application/vnd.hookline+json; charset=utf-8' },
    });
    expectProblem(vendor, 413);
    expect(await handlerCount()).toBe(0);
    expect(api.hookline.emitted).toHaveLength(0);
  });

  it('accepts a body just under 1 MiB', async () => {
    const res = await api.request('/api/events', {
      method: 'POST',
      body: { type: 'clients.update', objectId: 7, data: { blob: 'x'.repeat(1000 * 1000) } },
    });
    expect(res.status).toBe(202);
  });

  it('answers a body that is not JSON with 415, and no body with 400', async () => {
    const text = await api.request('/api/handlers', {
      method: 'POST',
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(text, 415);
    const none = await api.request('/api/handlers', { method: 'POST' });
    expectProblem(none, 400);
    expect(await handlerCount()).toBe(0);
  });

  it('hides the cause of an unexpected error', async () => {
    const original = api.hookline.emitEvent.bind(api.hookline);
    api.hookline.emitEvent = async () => {
      throw new Error('secret internals: password=hunter2');
    };
    try {
      const res = await api.request('/api/events', { method: 'POST', body: { type: 'clients.create', objectId: 1 } });
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      expect(res.body.detail).toContain(res.headers.get('x-request-id'));
    } finally {
      api.hookline.emitEvent = original;
    }
  });

  it('answers an unknown path outside /api with a 404 problem', async () => {
    expectProblem(await api.request('/no/such/page', { key: null }), 404);
  });
});
