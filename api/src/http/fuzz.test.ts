import { gzipSync } from 'node:zlib';
import { apiKeys, auditLog, eventTypes, executions, handlers } from '@hookline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../routes';
import { ADMIN_KEY, startTestApi, type TestApi } from '../testing/api-harness';

/**
 * Seeded malformed requests over every declared route. Pass: no 5xx at all, every 4xx is
 * problem+json, the process still answers its health check, and refused requests wrote nothing.
 * HOOKLINE_FUZZ_SEED and HOOKLINE_FUZZ_COUNT reproduce or widen a run.
 */
const SEED = Number(process.env['HOOKLINE_FUZZ_SEED'] ?? 20_261_130);
const COUNT = Number(process.env['HOOKLINE_FUZZ_COUNT'] ?? 5_000);
const BATCH = 25;

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number): boolean => next() < p;
  return { int, pick, chance };
}
type Random = ReturnType<typeof generator>;

const NUL = '\u0000';
const LONE = '\ud800';

const NASTY_STRINGS = [
  '',
  ' ',
  `a${NUL}b`,
  NUL,
  LONE,
  `x${LONE}y`,
  '\udc00',
  '😀',
  'clients.create',
  'billing.invoice.paid',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-11-29T10:00:00+00:00',
  '24h',
  '999999d',
  '%%%',
  '%_\\',
  'abc',
  'x'.repeat(5000),
  '9'.repeat(19),
  '9'.repeat(40),
  '-1',
  '0',
  '1',
  '1e400',
  'NaN',
  'true',
  'generate',
  'whsec_AAAA',
  'http://127.0.0.1:9/hook',
  'file:///etc/passwd',
  '../../etc/passwd',
  '<script>',
  "'; drop table handlers; --",
  'enabled,disabled',
  'failed',
  'admin',
];

const NASTY_NUMBERS = [
  0,
  -1,
  1,
  2,
  1.5,
  2_147_483_647,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 2,
  1e300,
  -1e300,
  1e-300,
];

const PARAM_VALUES = [
  '1',
  '2',
  '0',
  '-1',
  '99999999999999999999',
  '2147483648',
  '%00',
  'a%00b',
  '%ff',
  '%ed%a0%80',
  '%F0%9F%98%80',
  '%E2%82%AC',
  'clients.create',
  'x'.repeat(300),
  '..%2f..',
  'exec-1',
  '%25',
  '1e3',
];

function nastyValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 9)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1:
      return r.pick(NASTY_NUMBERS);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return r.pick(NASTY_STRINGS) + r.pick(NASTY_STRINGS);
    case 4:
      return r.int(1000);
    case 5:
    case 6: {
      const object: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--)
        object[r.pick(['a', 'data', 'type', NUL, LONE, 'not', 'all'])] = nastyValue(r, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: r.int(4) }, () => nastyValue(r, depth + 1));
  }
}

/** Bodies close to valid, so that the checks past the first ones are reached too. */
const TEMPLATES: Record<string, unknown>[] = [
  { type: 'clients.create', objectId: 12, data: { name: 'n', nested: { list: [1, 2] } } },
  {
    name: 'Fuzz',
    event: 'clients.create',
    target: 'http://127.0.0.1:9/hook',
    condition: { path: 'data.a', op: 'eq', value: 1 },
  },
  { name: 'fuzz key', role: 'operator' },
  { filter: { status: 'failed', from: '2026-01-01T00:00:00Z' }, mode: 'all', concurrency: 2 },
  { type: 'billing.fuzz', label: 'Fuzz', schema: { type: 'object' } },
  { event: 'clients.create', order: [1, 2] },
  { event: { type: 'clients.create', objectId: 1, data: {} } },
  { mode: 'failed', handlers: 'current' },
  { version: 1, status: 'disabled' },
  { data: { a: 1 }, objectId: 'x' },
];

function mutate(r: Random, value: Record<string, unknown>): unknown {
  const copy = structuredClone(value);
  for (let i = 1 + r.int(3); i > 0; i--) {
    const keys = Object.keys(copy);
    const key = r.chance(0.8) && keys.length > 0 ? r.pick(keys) : r.pick(['extra', NUL, 'data', 'condition']);
    const target = copy[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target) && r.chance(0.5)) {
      const inner = target as Record<string, unknown>;
      inner[r.pick([...Object.keys(inner), 'deep', NUL])] = nastyValue(r);
    } else {
      copy[key] = nastyValue(r);
    }
  }
  return copy;
}

/** Percent-encoded as a browser would; a lone surrogate, which has no UTF-8, as the bytes a careless client sends. */
function queryText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ed%a0%80';
  }
}

const deepJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

function fuzzRequest(r: Random, keys: readonly (string | null)[]): FuzzRequest {
  const route = r.pick(ROUTES);
  const method = r.chance(0.85) ? route.method.toUpperCase() : r.pick(['GET', 'POST', 'PATCH', 'DELETE', 'PUT']);
  let path = route.path.replace(/:[a-z]+/gi, () => r.pick(PARAM_VALUES));
  const queryKeys = [...Object.keys(route.query?.shape ?? {}), 'q', 'cursor', 'from', 'junk'];
  if (r.chance(0.6)) {
    const pairs: string[] = [];
    for (let i = 1 + r.int(3); i > 0; i--) {
      const raw = r.chance(0.3) ? r.pick(PARAM_VALUES) : queryText(String(nastyValue(r)));
      const cursor = Buffer.from(JSON.stringify(nastyValue(r)), 'utf8').toString('base64url');
      pairs.push(`${r.pick(queryKeys)}=${r.chance(0.15) ? cursor : raw}`);
    }
    path += `?${pairs.join('&')}`;
  }
  const headers: Record<string, string> = {};
  const key = r.pick(keys);
  if (key !== null) headers['authorization'] = r.chance(0.05) ? `Basic ${key}` : `Bearer ${key}`;
  // fetch sends no body with GET.
  if (method !== 'GET' && (method === 'DELETE' ? r.chance(0.1) : r.chance(0.9))) {
    const json = (text: string | Buffer) => {
      headers['content-type'] = r.pick([
        'application/json',
        'application/json',
        'application/problem+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ]);
      return text;
    };
    switch (r.int(10)) {
      case 0:
        return { method, path, headers, body: json(JSON.stringify(nastyValue(r))) };
      case 1:
        return { method, path, headers, body: json(deepJson(r.pick([33, 100, 10_000, 50_000]))) };
      case 2: {
        headers['content-encoding'] = r.pick(['gzip', 'deflate', 'br', 'compress']);
        const corrupt = r.chance(0.5) ? Buffer.from('not compressed') : gzipSync('{"type":').subarray(0, 12);
        return { method, path, headers, body: json(corrupt) };
      }
      case 3:
        return {
          method,
          path,
          headers,
          body: json(r.pick(['{"a":', '1e400', '"\\ud800"', '{"\\u0000":1}', 'null', '[]'])),
        };
      default:
        return { method, path, headers, body: json(JSON.stringify(mutate(r, r.pick(TEMPLATES)))) };
    }
  }
  return { method, path, headers };
}

let api: TestApi;
const keys: (string | null)[] = [ADMIN_KEY, ADMIN_KEY, 'hl_not-a-key-0123456789abcdef', 'garbage', null];

beforeAll(async () => {
  api = await startTestApi();
  for (const role of ['designer', 'operator', 'service']) {
    const res = await api.request('/api/keys', { method: 'POST', body: { name: `fuzz ${role}`, role } });
    keys.push((res.body as { key: string }).key);
  }
  // Something to find, so that routes reach past their 404s.
  await api.request('/api/handlers', {
    method: 'POST',
    body: { name: 'seed', event: 'clients.create', target: 'http://127.0.0.1:9/hook' },
  });
});
afterAll(() => api.close());

async function rowCounts(): Promise<Record<string, number>> {
  const { db } = api.database;
  return {
    handlers: await db.$count(handlers),
    executions: await db.$count(executions),
    audit: await db.$count(auditLog),
    apiKeys: await db.$count(apiKeys),
    eventTypes: await db.$count(eventTypes),
  };
}

describe('fuzz', () => {
  it(`${COUNT} seeded malformed requests: no 5xx, 4xx as problem+json, nothing written when refused`, async () => {
    const r = generator(SEED);
    const byClass: Record<string, number> = {};
    let checkedBatches = 0;
    for (let sent = 0; sent < COUNT; sent += BATCH) {
      const before = await rowCounts();
      let wrote = false;
      // Generated in order, so a seed always makes the same requests; sent together, as clients would.
      const batch = Array.from({ length: Math.min(BATCH, COUNT - sent) }, () => fuzzRequest(r, keys));
      const answers = await Promise.all(
        batch.map(async (request) => {
          const res = await fetch(`${api.url}${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          return { request, res, text: await res.text() };
        })
      );
      for (const [i, { request, res, text }] of answers.entries()) {
        const describe = () =>
          `request #${sent + i} (seed ${SEED}): ${request.method} ${request.path} ${JSON.stringify(request.headers)} ` +
          `${String(request.body ?? '').slice(0, 300)}\n→ ${res.status} ${text.slice(0, 500)}`;
        const statusClass = `${String(res.status).charAt(0)}xx`;
        byClass[statusClass] = (byClass[statusClass] ?? 0) + 1;
        expect(res.status, describe()).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type'), describe()).toMatch(/^application\/problem\+json/);
        } else if (request.method !== 'GET') {
          wrote = true;
        }
      }
      // Only batches in which every request that could write was refused prove that refusals write nothing.
      if (!wrote) {
        expect(await rowCounts(), `batch from request #${sent} (seed ${SEED})`).toEqual(before);
        checkedBatches++;
      }
    }
    const health = await api.request('/api/health', { key: null });
    expect(health.status).toBe(200);
    console.log(
      `fuzz seed ${SEED}: ${COUNT} requests, answers ${JSON.stringify(byClass)}, ` +
        `${checkedBatches} batches of ${BATCH} with every write refused left the row counts unchanged`
    );
    expect(checkedBatches).toBeGreaterThan(0);
  }, 120_000);
});
