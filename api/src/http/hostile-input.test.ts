import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

/**
 * Input PostgreSQL cannot store or that would make the API work without bound: each is refused
 * up front with a 4xx problem, never a 500 and never a 202 that then cannot finish.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const NUL = '\u0000';
const LONE = '\ud800';

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/** JSON nested `depth` deep, written out: JSON.stringify itself would run out of stack. */
const deep = (depth: number, open: string, leaf: string, close: string) =>
  open.repeat(depth) + leaf + close.repeat(depth);
const json = (text: string) => ({ rawBody: text, headers: { 'content-type': 'application/json' } });

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

interface Case {
  name: string;
  method?: string;
  path: string;
  body?: unknown;
  rawBody?: Buffer | string;
  headers?: Record<string, string>;
  status: number;
  /** The field the problem names, when it names one. */
  errorPath?: string;
  /** Words the problem's detail must hold. */
  detail?: RegExp;
}

const event = (overrides: Record<string, unknown>) => ({ type: 'clients.create', objectId: 1, data: {}, ...overrides });

const cases: Case[] = [
  // 1. Events and stored strings that PostgreSQL would refuse after a 202.
  {
    name: 'NUL in a data value',
    method: 'POST',
    path: '/api/events',
    body: event({ data: { a: `x${NUL}` } }),
    status: 400,
    errorPath: 'data.a',
  },
  {
    name: 'NUL in a nested data key',
    method: 'POST',
    path: '/api/events',
    body: event({ data: { a: [{ [`k${NUL}`]: 1 }] } }),
    status: 400,
    errorPath: 'data.a.0',
  },
  {
    name: 'lone surrogate in data',
    method: 'POST',
    path: '/api/events',
    body: event({ data: { a: { b: LONE } } }),
    status: 400,
    errorPath: 'data.a.b',
  },
  {
    name: 'NUL in objectId',
    method: 'POST',
    path: '/api/events',
    body: event({ objectId: `a${NUL}` }),
    status: 400,
    errorPath: 'objectId',
  },
  {
    name: 'lone surrogate in objectId',
    method: 'POST',
    path: '/api/events',
    body: event({ objectId: `a${LONE}` }),
    status: 400,
    errorPath: 'objectId',
  },
  {
    name: 'NUL in id',
    method: 'POST',
    path: '/api/events',
    body: event({ id: `a${NUL}` }),
    status: 400,
    errorPath: 'id',
  },
  {
    name: 'year 0000 in occurredAt',
    method: 'POST',
    path: '/api/events',
    body: event({ occurredAt: '0000-01-01T00:00:00Z' }),
    status: 400,
    errorPath: 'occurredAt',
  },
  {
    name: 'NUL in a handler name',
    method: 'POST',
    path: '/api/handlers',
    body: handlerBody({ name: `a${NUL}` }),
    status: 400,
    errorPath: 'name',
  },
  {
    name: 'lone surrogate in a header value',
    method: 'POST',
    path: '/api/handlers',
    body: handlerBody({ headers: { 'x-a': LONE } }),
    status: 400,
    errorPath: 'headers.x-a',
  },
  {
    name: 'NUL in a condition value',
    method: 'POST',
    path: '/api/handlers',
    body: handlerBody({ condition: { path: 'data.a', op: 'eq', value: { [NUL]: 1 } } }),
    status: 400,
    errorPath: 'condition.value',
  },
  {
    name: 'NUL in a catalogue label',
    method: 'POST',
    path: '/api/catalog/events',
    body: { type: 'billing.nul', label: `a${NUL}` },
    status: 400,
    errorPath: 'label',
  },
  {
    name: 'NUL in a catalogue schema',
    method: 'POST',
    path: '/api/catalog/events',
    body: { type: 'billing.nul', label: 'a', schema: { title: NUL } },
    status: 400,
    errorPath: 'schema.title',
  },
  {
    name: 'NUL in a key name',
    method: 'POST',
    path: '/api/keys',
    body: { name: `a${NUL}`, role: 'operator' },
    status: 400,
    errorPath: 'name',
  },
  {
    name: 'NUL in a replay filter',
    method: 'POST',
    path: '/api/executions/replay',
    body: { filter: { objectId: `a${NUL}` } },
    status: 400,
    errorPath: 'filter.objectId',
  },
  {
    name: 'year 0000 in a replay filter',
    method: 'POST',
    path: '/api/executions/replay',
    body: { filter: { from: '0000-01-01T00:00:00Z' } },
    status: 400,
    errorPath: 'filter.from',
  },

  // 2. What answered 500.
  { name: 'NUL in q', path: `/api/executions?q=abc%00def`, status: 400, errorPath: 'q' },
  { name: 'NUL in objectId query', path: `/api/executions?objectId=a%00`, status: 400, errorPath: 'objectId' },
  { name: 'NUL in an execution id', path: `/api/executions/a%00`, status: 400, errorPath: 'id' },
  { name: 'lone surrogate in an execution id', path: `/api/executions/a%ed%a0%80`, status: 400 },
  { name: 'NUL in a replay id', path: `/api/replays/a%00`, status: 400, errorPath: 'id' },
  {
    name: 'NUL in an event type param',
    method: 'PATCH',
    path: `/api/catalog/events/a%00`,
    body: { label: 'x' },
    status: 400,
    errorPath: 'type',
  },
  {
    name: 'NUL in an executions cursor',
    path: `/api/executions?cursor=${cursorOf({ startedAt: '2026-01-01T00:00:00.000000Z', id: NUL })}`,
    status: 400,
    errorPath: 'cursor',
  },
  { name: 'NUL in a handler list q', path: `/api/handlers?q=a%00b`, status: 400, errorPath: 'q' },
  { name: 'year 0000 in from', path: '/api/executions?from=0000-01-01T00:00:00Z', status: 400, errorPath: 'from' },
  { name: 'year 0000 in to', path: '/api/handlers/1/logs?to=0000-01-01T00:00:00Z', status: 400, errorPath: 'to' },
  {
    name: 'year 0000 in since',
    path: '/api/stats/handlers?since=0000-01-01T00:00:00Z',
    status: 400,
    errorPath: 'since',
  },
  {
    name: 'year 0000 in a cursor',
    path: `/api/executions?cursor=${cursorOf({ startedAt: '0000-01-01T00:00:00Z', id: 'x' })}`,
    status: 400,
    errorPath: 'cursor',
  },
  {
    name: 'a 19-digit cursor id',
    path: `/api/audit?cursor=${cursorOf({ at: '2026-01-01T00:00:00Z', id: '9999999999999999999' })}`,
    status: 400,
    errorPath: 'cursor',
  },
  {
    name: 'data nested 10,000 deep',
    method: 'POST',
    path: '/api/events',
    ...json(`{"type":"clients.create","objectId":1,"data":{"a":${deep(10_000, '{"a":', '1', '}')}}}`),
    status: 400,
    errorPath: 'data',
    detail: /32 levels/,
  },
  {
    name: 'data in arrays nested 10,000 deep',
    method: 'POST',
    path: '/api/events',
    ...json(`{"type":"clients.create","objectId":1,"data":{"a":${deep(10_000, '[', '1', ']')}}}`),
    status: 400,
    errorPath: 'data',
    detail: /32 levels/,
  },
  {
    name: 'a condition nested 20,000 deep',
    method: 'POST',
    path: '/api/handlers',
    ...json(
      `{"name":"n","event":"clients.create","target":"https://crm.example.com/hooks","condition":${deep(20_000, '{"not":', '{"path":"data.a","op":"exists"}', '}')}}`
    ),
    status: 400,
    errorPath: 'condition',
    detail: /8 levels/,
  },
  {
    name: 'a dry run with data nested 20,000 deep',
    method: 'POST',
    path: '/api/handlers/dry-run',
    ...json(`{"event":{"type":"clients.create","data":${deep(20_000, '{"a":', '1', '}')}}}`),
    status: 400,
    errorPath: 'event.data',
  },
  { name: 'malformed percent-encoding in a path', path: '/api/handlers/%ff', status: 400 },
  { name: 'malformed percent-encoding outside /api', path: '/%ff', status: 404 },
  {
    name: 'a corrupt gzip body',
    method: 'POST',
    path: '/api/events',
    rawBody: Buffer.from('not gzip at all'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    status: 400,
  },
  {
    name: 'a corrupt deflate body',
    method: 'POST',
    path: '/api/events',
    rawBody: Buffer.from('not deflate'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
    status: 400,
  },
  {
    name: 'a corrupt br body',
    method: 'POST',
    path: '/api/events',
    rawBody: Buffer.from('not brotli'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
    status: 400,
  },
  {
    name: 'a truncated gzip body',
    method: 'POST',
    path: '/api/events',
    rawBody: gzipSync(JSON.stringify(event({}))).subarray(0, 20),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    status: 400,
  },

  // 3. Unbounded work.
  { name: 'q with no searchable word', path: '/api/executions?q=%25%25%25', status: 400, errorPath: 'q' },
  { name: 'q of punctuation and short words', path: '/api/executions?q=a-b%20c.d', status: 400, errorPath: 'q' },
];

describe('hostile input is refused with a 4xx problem', () => {
  it.each(cases)('$name', async ({ method, path, body, rawBody, headers, status, errorPath, detail }) => {
    const res = await api.request(path, {
      method: method ?? 'GET',
      ...(body === undefined ? {} : { body }),
      ...(rawBody === undefined ? {} : { rawBody }),
      ...(headers === undefined ? {} : { headers }),
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    if (errorPath !== undefined) {
      const errors = (res.body as { errors: { path: string }[] }).errors;
      expect(errors.map((e) => e.path)).toContain(errorPath);
    }
    if (detail) expect(res.body.detail).toMatch(detail);
  });

  it('still accepts the searchable and storable input next to it', async () => {
    expect((await api.request('/api/executions?q=abc')).status).toBe(200);
    expect((await api.request('/api/executions?q=%25ab%25c')).status).toBe(400);
    expect((await api.request('/api/executions?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z')).status).toBe(200);
    const ok = await api.request('/api/events', {
      method: 'POST',
      body: event({ data: { emoji: '😀', deep: nested(30, 1, (v) => ({ a: v })) } }),
    });
    expect(ok.status).toBe(202);
  });
});
