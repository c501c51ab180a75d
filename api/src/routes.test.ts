import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executions, insertApiKey, revokeApiKey } from '@hookline/db';
import { API_KEY_ROLES, type ApiKeyRole } from '@hookline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './keys/api-key';
import { handlerBody, startTestApi, type TestApi } from './testing/api-harness';
import type { Access, Method, Route } from './http/route';
import { ROUTES } from './routes';

/**
 * The role matrix: every declared route × every role, no key and a revoked key. The matrix itself
 * is the `access` of each route's declaration; this file only knows how to call each route so that
 * an allowed caller succeeds. A declared route missing from SAMPLES fails the test, and so does
 * anything the app would answer beyond the declared routes.
 */

let api: TestApi;
let receiver: Server;
let receiverUrl: string;
const keys = {} as Record<ApiKeyRole | 'revoked', string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

type Caller = ApiKeyRole | 'no key' | 'revoked key';
const CALLERS: Caller[] = [...API_KEY_ROLES, 'no key', 'revoked key'];

interface Call {
  path: string;
  body?: unknown;
  /**
   * `success`: an allowed caller gets a 2xx. `authorized`: it gets past authentication and the role
   * check (routes that need a real Temporal to succeed, which this harness fakes).
   */
  expect?: 'success' | 'authorized';
}

async function asAdmin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await api.request(path, { method, body });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body as T;
}

const newHandler = async () =>
  asAdmin<{ id: number; version: number }>(
    'POST',
    '/api/handlers',
    handlerBody({ name: unique('h'), target: `${receiverUrl}/hook` })
  );
const newEventType = async (): Promise<string> => {
  const type = `custom.matrix${++counter}`;
  await asAdmin('POST', '/api/catalog/events', { type, label: type });
  return type;
};

/** How to call each route, keyed `METHOD /express/path`, with fresh subjects where the call consumes one. */
const SAMPLES: Record<string, () => Promise<Call>> = {
  'GET /api/health': async () => ({ path: '/api/health' }),
  'GET /api/openapi.json': async () => ({ path: '/api/openapi.json' }),
  'GET /metrics': async () => ({ path: '/metrics' }),
  'GET /api/catalog/events': async () => ({ path: '/api/catalog/events' }),
  'POST /api/catalog/events': async () => ({
    path: '/api/catalog/events',
    body: { type: `custom.created${++counter}`, label: 'Created' },
  }),
  'PATCH /api/catalog/events/:type': async () => ({
    path: `/api/catalog/events/${await newEventType()}`,
    body: { label: 'Renamed' },
  }),
  'DELETE /api/catalog/events/:type': async () => ({ path: `/api/catalog/events/${await newEventType()}` }),
  'GET /api/handlers': async () => ({ path: '/api/handlers' }),
  'POST /api/handlers': async () => ({ path: '/api/handlers', body: handlerBody({ name: unique('new') }) }),
  // No handler listens to this event, so the empty order is exactly its run order.
  'POST /api/handlers/reorder': async () => ({
    path: '/api/handlers/reorder',
    body: { event: 'importd.process_failed', order: [] },
  }),
  'POST /api/handlers/dry-run': async () => ({
    path: '/api/handlers/dry-run',
    body: { event: { type: 'clients.create' } },
  }),
  'GET /api/handlers/:id': async () => ({ path: `/api/handlers/${(await newHandler()).id}` }),
  'PATCH /api/handlers/:id': async () => {
    const h = await newHandler();
    return { path: `/api/handlers/${h.id}`, body: { version: h.version, name: 'patched' } };
  },
  'DELETE /api/handlers/:id': async () => ({ path: `/api/handlers/${(await newHandler()).id}` }),
  'POST /api/handlers/:id/test': async () => ({ path: `/api/handlers/${(await newHandler()).id}/test`, body: {} }),
  'GET /api/handlers/:id/logs': async () => ({ path: `/api/handlers/${(await newHandler()).id}/logs` }),
  'GET /api/cache': async () => ({ path: '/api/cache' }),
  'POST /api/cache/refresh': async () => ({ path: '/api/cache/refresh' }),
  'POST /api/events': async () => ({ path: '/api/events', body: { type: 'clients.create', objectId: 1 } }),
  'GET /api/keys/me': async () => ({ path: '/api/keys/me' }),
  'POST /api/keys': async () => ({ path: '/api/keys', body: { name: unique('key'), role: 'service' } }),
  'GET /api/keys': async () => ({ path: '/api/keys' }),
  'DELETE /api/keys/:id': async () => {
    const created = await asAdmin<{ id: number }>('POST', '/api/keys', { name: unique('doomed'), role: 'service' });
    return { path: `/api/keys/${created.id}` };
  },
  'GET /api/audit': async () => ({ path: '/api/audit' }),
  'GET /api/executions': async () => ({ path: '/api/executions' }),
  'GET /api/executions/:id': async () => ({ path: '/api/executions/exec-matrix' }),
  'GET /api/stats/handlers': async () => ({ path: '/api/stats/handlers' }),
  // Replays need a real Temporal; here the matrix checks that the role check lets the caller through.
  'POST /api/executions/:id/replay': async () => ({
    path: '/api/executions/exec-matrix/replay',
    body: {},
    expect: 'authorized',
  }),
  'POST /api/executions/replay': async () => ({
    path: '/api/executions/replay',
    body: { filter: { status: 'failed' } },
    expect: 'authorized',
  }),
  'GET /api/replays/:id': async () => ({ path: '/api/replays/none', expect: 'authorized' }),
  'POST /api/replays/:id/cancel': async () => ({ path: '/api/replays/none/cancel', expect: 'authorized' }),
  'DELETE /api/replays/:id': async () => ({ path: '/api/replays/none', expect: 'authorized' }),
};

function allowed(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (caller === 'no key' || caller === 'revoked key') return false;
  return access === 'any key' || access.includes(caller);
}

function keyOf(caller: Caller): string | null {
  if (caller === 'no key') return null;
  return caller === 'revoked key' ? keys.revoked : keys[caller];
}

const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

beforeAll(async () => {
  receiver = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  api = await startTestApi();
  for (const role of API_KEY_ROLES) {
    const key = generateApiKey();
    await insertApiKey(api.database.db, {
      name: `${role} key`,
      role,
      hash: hashApiKey(key),
      prefix: apiKeyPrefix(key),
    });
    keys[role] = key;
  }
  const revoked = generateApiKey();
  const row = await insertApiKey(api.database.db, {
    name: 'revoked admin',
    role: 'admin',
    hash: hashApiKey(revoked),
    prefix: apiKeyPrefix(revoked),
  });
  await revokeApiKey(api.database.db, row!.id);
  keys.revoked = revoked;
  await api.database.db.insert(executions).values({
    id: 'exec-matrix',
    eventId: 'evt-matrix',
    eventType: 'clients.create',
    objectId: '1',
    payload: {
      id: 'evt-matrix',
      type: 'clients.create',
      objectId: '1',
      occurredAt: new Date().toISOString(),
      data: {},
    },
    status: 'failed',
    workflowId: 'event-evt-matrix',
  });
});
afterAll(async () => {
  await api.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('the role matrix', () => {
  it('has a way to call every declared route, and no sample for a route that is not declared', () => {
    const declared = ROUTES.map(routeKey);
    expect(
      declared.filter((r) => !SAMPLES[r]),
      'no sample call in routes.test.ts'
    ).toEqual([]);
    expect(
      Object.keys(SAMPLES).filter((r) => !declared.includes(r)),
      'a sample for a route that is not declared'
    ).toEqual([]);
  });

  const cells = ROUTES.flatMap((route) => CALLERS.map((caller) => [routeKey(route), caller, route] as const));
  it.each(cells)('%s as %s', async (_name, caller, route: Route) => {
    const call = await SAMPLES[routeKey(route)]!();
    const res = await api.request(call.path, {
      method: route.method.toUpperCase(),
      key: keyOf(caller),
      ...(call.body === undefined ? {} : { body: call.body }),
    });
    const detail = `${res.status} ${JSON.stringify(res.body)}`;
    if (allowed(route.access, caller)) {
      if (call.expect === 'authorized') expect([401, 403], detail).not.toContain(res.status);
      else {
        expect(res.status, detail).toBeLessThan(300);
        // What the OpenAPI document promises is what the route answers.
        const documented = route.responses[res.status];
        expect(documented, `${res.status} is not documented`).toBeDefined();
        const parsed = documented?.schema?.safeParse(res.body);
        if (parsed && !parsed.success)
          throw new Error(`${res.status} body does not match its schema: ${parsed.error.message}`);
      }
    } else {
      expect(res.status, detail).toBe(caller === 'no key' || caller === 'revoked key' ? 401 : 403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

/** The concrete path `pattern` stands for, with every parameter filled in. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z0-9_]+/g, '1');

function matchesDeclared(method: string, path: string): boolean {
  return ROUTES.some(
    (route) => route.method === method && new RegExp(`^${route.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`).test(path)
  );
}

const METHODS: readonly (Method | 'put')[] = ['get', 'post', 'put', 'patch', 'delete'];
const UNDECLARED_PATHS = ['/api/nothing-here', '/api/handlers/1/nothing', '/api/keys/me/too', '/metrics/more', '/nope'];

/**
 * Every method on every declared path, and a few paths next to them, that no declaration covers:
 * were anything served beside the declared routes, some of these would answer other than 404.
 */
const undeclared = [...new Set([...ROUTES.map((r) => concrete(r.path)), ...UNDECLARED_PATHS])].flatMap((path) =>
  METHODS.filter((method) => !matchesDeclared(method, path)).map((method) => [method.toUpperCase(), path] as const)
);

describe('beyond the declared routes', () => {
  it('leaves something to check', () => {
    expect(undeclared.length).toBeGreaterThan(ROUTES.length);
  });

  it.each(undeclared)('%s %s answers 404 problem+json, even to the admin key', async (method, path) => {
    const res = await api.request(path, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
