import { describe, expect } from 'vitest';
import { executions, handlers } from '@hookline/db';
import { test } from '../support/fixtures';
import type { Stack } from '../support/stack';

describe('bad input gets a clear problem and changes nothing', () => {
  async function workflowsStarted(stack: Stack): Promise<number> {
    let n = 0;
    for await (const _ of stack.client.workflow.list({
      query: `TaskQueue = '${stack.config.taskQueue}' AND WorkflowType = 'processEvent'`,
    }))
      n++;
    return n;
  }

  async function rows(stack: Stack): Promise<{ executions: number; handlers: number }> {
    return {
      executions: await stack.database.db.$count(executions),
      handlers: await stack.database.db.$count(handlers),
    };
  }

  const cases: {
    name: string;
    method: string;
    path: string;
    body?: unknown;
    raw?: string;
    key?: string | null;
    status: number;
    errorPath?: string;
  }[] = [
    {
      name: 'unknown event type',
      method: 'POST',
      path: '/api/events',
      body: { type: 'clients.explode', objectId: 1, data: {} },
      status: 400,
      errorPath: 'type',
    },
    { name: 'malformed JSON', method: 'POST', path: '/api/events', raw: '{"type": "clients.create", ', status: 400 },
    { name: 'missing fields', method: 'POST', path: '/api/events', body: { data: {} }, status: 400, errorPath: 'type' },
    {
      name: 'wrong types',
      method: 'POST',
      path: '/api/events',
      body: { type: 'clients.create', objectId: { no: 1 }, data: [] },
      status: 400,
      errorPath: 'objectId',
    },
    {
      name: 'oversize body',
      method: 'POST',
      path: '/api/events',
      body: { type: 'clients.create', objectId: 1, data: { blob: 'x'.repeat(1_100_000) } },
      status: 413,
    },
    {
      name: 'missing key',
      method: 'POST',
      path: '/api/events',
      body: { type: 'clients.create', objectId: 1, data: {} },
      key: null,
      status: 401,
    },
    {
      name: 'wrong key',
      method: 'POST',
      path: '/api/events',
      body: { type: 'clients.create', objectId: 1, data: {} },
      key: 'hl_not_a_key',
      status: 401,
    },
    {
      name: 'handler with unknown event',
      method: 'POST',
      path: '/api/handlers',
      body: { name: 'x', event: 'nope.nope', target: 'http://127.0.0.1:9/x' },
      status: 400,
      errorPath: 'event',
    },
    {
      name: 'handler with a bad target',
      method: 'POST',
      path: '/api/handlers',
      body: { name: 'x', event: 'clients.create', target: 'ftp://example' },
      status: 400,
      errorPath: 'target',
    },
    {
      name: 'handler without a key',
      method: 'POST',
      path: '/api/handlers',
      body: { name: 'x', event: 'clients.create', target: 'http://127.0.0.1:9/x' },
      key: null,
      status: 401,
    },
  ];

  for (const c of cases) {
    test(`${c.name} → ${c.status} problem+json`, async ({ stack }) => {
      const before = await rows(stack);
      const response = await stack.api<{ status: number; title: string; detail?: string; errors?: { path: string }[] }>(
        c.method,
        c.path,
        c.body,
        { ...(c.raw !== undefined ? { raw: c.raw } : {}), ...(c.key !== undefined ? { key: c.key } : {}) }
      );
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: c.status, title: expect.any(String) });
      if (c.errorPath) expect(response.body.errors?.map((e) => e.path)).toContain(c.errorPath);
      expect(await rows(stack)).toEqual(before);
    });
  }

  test('started no workflow for any of them', async ({ stack }) => {
    expect(await workflowsStarted(stack)).toBe(0);
  });
});
