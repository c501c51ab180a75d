import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  deliveryEnvelope,
  LOGGED_BODY_LIMIT,
  type HooklineEvent,
  type SnapshotHandler,
} from '@hookline/domain';
import { createDeliverer, REDACTED, type ClosableDeliverer, type DeliveryContext } from './index';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  url: string;
  port: number;
  received: Received[];
  connections: () => number;
  close: () => Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A real loopback receiver; `respond` sees the request after its body has been read. */
async function startServer(respond: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      respond(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { url: `http://127.0.0.1:${port}`, port, received, connections: () => connections, close };
}

/** Loopback is denied by default; these tests' receivers listen there, so it is opened unless `allow` is given. */
function deliverer(options: { deny?: string[]; allow?: string[] } = {}): ClosableDeliverer {
  const d = createDeliverer({
    targetDeny: options.deny ?? [],
    targetAllow: options.allow ?? ['127.0.0.0/8'],
    scriptsDir: undefined,
    userAgent: 'hookline/test',
  });
  cleanups.push(() => d.close());
  return d;
}

function handler(target: string, overrides: Partial<SnapshotHandler> = {}): SnapshotHandler {
  return {
    id: 7,
    name: 'CRM sync',
    event: 'clients.create',
    kind: 'http',
    target,
    priority: 1,
    condition: null,
    retry: { ...DEFAULT_RETRY },
    timeoutMs: 2000,
    onFailure: 'continue',
    headers: {},
    secrets: [],
    ...overrides,
  };
}

const event: HooklineEvent = {
  id: '01JEVENT',
  type: 'clients.create',
  objectId: '12',
  occurredAt: '2026-11-29T10:00:00.000Z',
  data: { id: 12, name: 'My name' },
};

function ctx(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return { executionId: 'exec1', attempt: 2, now: () => new Date(), ...overrides };
}

const secretA = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const secretB = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

describe('HTTP delivery', () => {
  it('POSTs the envelope with the Standard Webhooks headers and logs a 2xx as success', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-receiver': 'crm' }).end('thanks');
    });
    const now = new Date('2026-11-29T10:00:05.750Z');
    const result = await deliverer().deliver(handler(`${server.url}/hooks?src=hl`), event, ctx({ now: () => now }));

    expect(result.outcome).toBe('succeeded');
    expect(result.error).toBeNull();
    expect(result.retryAfterMs).toBeNull();
    expect(result.startedAt).toEqual(now);
    expect(result.response).toMatchObject({ status: 200, body: 'thanks' });
    expect(result.response?.headers['x-receiver']).toBe('crm');

    const [got] = server.received;
    expect(got?.method).toBe('POST');
    expect(got?.url).toBe('/hooks?src=hl');
    expect(JSON.parse(got?.body ?? '')).toEqual({
      event: {
        id: '01JEVENT',
        events_id: 'clients.create',
        object_id: '12',
        dt: '2026-11-29T10:00:00+00:00',
        attempt: 2,
      },
      data: { id: 12, name: 'My name' },
    });
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['user-agent']).toBe('hookline/test');
    expect(got?.headers['webhook-id']).toBe('msg_exec1_7');
    expect(got?.headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(got?.headers['webhook-signature']).toBeUndefined();
    expect(result.request).toEqual({
      url: `${server.url}/hooks?src=hl`,
      headers: expect.objectContaining({ 'webhook-id': 'msg_exec1_7', 'user-agent': 'hookline/test' }),
      body: deliveryEnvelope(event, 2),
    });
  });

  it('keeps the webhook-id across attempts and reuses the keep-alive connection', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const d = deliverer();
    await d.deliver(handler(server.url), event, ctx({ attempt: 1 }));
    // undici hands the socket back to its pool just after the body ends; real attempts are further apart.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await d.deliver(handler(server.url), event, ctx({ attempt: 2 }));
    expect(server.received.map((r) => r.headers['webhook-id'])).toEqual(['msg_exec1_7', 'msg_exec1_7']);
    expect(server.received.map((r) => (JSON.parse(r.body) as { event: { attempt: number } }).event.attempt)).toEqual([
      1, 2,
    ]);
    expect(server.connections()).toBe(1);
  });

  it('signs with every secret so receivers verify with either during a rotation', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer().deliver(handler(server.url, { secrets: [secretA, secretB] }), event, ctx());
    expect(result.outcome).toBe('succeeded');
    const [got] = server.received;
    const headers = {
      'webhook-id': String(got?.headers['webhook-id']),
      'webhook-timestamp': String(got?.headers['webhook-timestamp']),
      'webhook-signature': String(got?.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secretA).verify(got?.body ?? '', headers)).toEqual(JSON.parse(got?.body ?? ''));
    expect(new Webhook(secretB).verify(got?.body ?? '', headers)).toEqual(JSON.parse(got?.body ?? ''));
    const stranger = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    expect(() => new Webhook(stranger).verify(got?.body ?? '', headers)).toThrow(/No matching signature/);
    expect(result.request?.headers['webhook-signature']).toBe(headers['webhook-signature']);
  });

  it('rejects a handler whose secret is broken without sending anything', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer().deliver(handler(server.url, { secrets: ['whsec_!!!'] }), event, ctx());
    expect(result).toMatchObject({ outcome: 'rejected', error: 'handler secret is not a valid whsec_ secret' });
    expect(server.connections()).toBe(0);
  });

  it('sends configured headers but logs them redacted', async () => {
    const server = await startServer((_req, res) => res.end());
    const headers = { Authorization: 'Bearer s3cr3t', 'X-Api-Key': 'k3y', Cookie: 'sid=1', 'X-Trace': 'trace-1' };
    const result = await deliverer().deliver(handler(server.url, { headers, secrets: [secretA] }), event, ctx());
    const [got] = server.received;
    expect(got?.headers).toMatchObject({
      authorization: 'Bearer s3cr3t',
      'x-api-key': 'k3y',
      cookie: 'sid=1',
      'x-trace': 'trace-1',
    });
    expect(result.request?.headers).toMatchObject({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'x-trace': 'trace-1',
      'webhook-signature': expect.stringMatching(/^v1,/),
    });
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|k3y|sid=1/);
  });

  it('retries a 503 and honours Retry-After seconds, capped by maxIntervalMs', async () => {
    let retryAfter = '5';
    const server = await startServer((_req, res) => res.writeHead(503, { 'retry-after': retryAfter }).end('busy'));
    const d = deliverer();
    const first = await d.deliver(handler(server.url), event, ctx());
    expect(first).toMatchObject({
      outcome: 'retryable',
      error: 'HTTP 503 Service Unavailable',
      retryAfterMs: 5000,
      response: { status: 503, body: 'busy' },
    });
    retryAfter = '3600';
    const capped = await d.deliver(
      handler(server.url, { retry: { ...DEFAULT_RETRY, maxIntervalMs: 20_000 } }),
      event,
      ctx()
    );
    expect(capped.retryAfterMs).toBe(20_000);
  });

  it('retries a 429 and reads an HTTP-date Retry-After', async () => {
    const now = new Date('2026-11-29T10:00:00Z');
    const server = await startServer((_req, res) =>
      res.writeHead(429, { 'retry-after': new Date(now.getTime() + 30_000).toUTCString() }).end()
    );
    const result = await deliverer().deliver(handler(server.url), event, ctx({ now: () => now }));
    expect(result).toMatchObject({ outcome: 'retryable', error: 'HTTP 429 Too Many Requests', retryAfterMs: 30_000 });
  });

  it('fails a 400 at once', async () => {
    const server = await startServer((_req, res) => res.writeHead(400, { 'retry-after': '5' }).end('bad field'));
    const result = await deliverer().deliver(handler(server.url), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: 'HTTP 400 Bad Request',
      retryAfterMs: null,
      response: { status: 400, body: 'bad field' },
    });
  });

  it('does not follow a redirect', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/hook') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.end('should not be reached');
    });
    const result = await deliverer().deliver(handler(`${server.url}/hook`), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: 'HTTP 302 Found (redirect to /elsewhere not followed)',
      response: { status: 302, headers: expect.objectContaining({ location: '/elsewhere' }) },
    });
    expect(server.received.map((r) => r.url)).toEqual(['/hook']);
  });

  it('times out a receiver that never answers within the handler timeout', async () => {
    const server = await startServer(() => undefined);
    const result = await deliverer().deliver(handler(server.url, { timeoutMs: 300 }), event, ctx());
    expect(result).toMatchObject({ outcome: 'retryable', error: 'timed out after 300 ms', response: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('counts the body in the timeout: a 200 whose body never ends is retried', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const result = await deliverer().deliver(handler(server.url, { timeoutMs: 300 }), event, ctx());
    expect(result).toMatchObject({
      outcome: 'retryable',
      error: 'timed out after 300 ms while reading the response body',
      response: { status: 200, body: 'partial' },
    });
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('ends as cancelled when the activity is cancelled', async () => {
    const server = await startServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await deliverer().deliver(handler(server.url), event, ctx({ signal: controller.signal }));
    expect(result).toMatchObject({ outcome: 'retryable', error: 'cancelled' });
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('retries when the connection is refused', async () => {
    const server = await startServer(() => undefined);
    await server.close();
    const result = await deliverer().deliver(handler(server.url), event, ctx());
    expect(result).toMatchObject({
      outcome: 'retryable',
      error: `connect ECONNREFUSED 127.0.0.1:${server.port}`,
      response: null,
    });
  });

  it('keeps only the first 64 KiB of a large response body', async () => {
    const big = 'x'.repeat(LOGGED_BODY_LIMIT * 4);
    const server = await startServer((_req, res) => res.end(big));
    const result = await deliverer().deliver(handler(server.url), event, ctx());
    expect(result.outcome).toBe('succeeded');
    expect(result.response?.body).toHaveLength(LOGGED_BODY_LIMIT);
  });

  it('rejects a target outside http(s)', async () => {
    const result = await deliverer().deliver(handler('ftp://127.0.0.1/x'), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: 'target ftp://127.0.0.1/x is not an http:// or https:// URL',
    });
  });
});

describe('HTTP target policy', () => {
  const HOW = '; to allow it, add it to HOOKLINE_TARGET_ALLOW';

  it('rejects loopback by default without connecting, saying which rule and how to allow it', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer({ allow: [] }).deliver(handler(server.url), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: `target 127.0.0.1 is denied by the default deny list (127.0.0.0/8, loopback)${HOW}`,
      response: null,
    });
    expect(result.request?.url).toBe(server.url);
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['http://0/', '0.0.0.0', '0.0.0.0/8'],
    ['http://0.0.0.0/', '0.0.0.0', '0.0.0.0/8'],
    ['http://[::]/', '::', '::/128'],
    ['http://[::1]/', '::1', '::1/128'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1', '127.0.0.0/8'],
    ['http://2130706433/', '127.0.0.1', '127.0.0.0/8'],
    ['http://0x7f.1/', '127.0.0.1', '127.0.0.0/8'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', '169.254.0.0/16'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'fd00:ec2::254/128'],
    ['http://100.100.100.200/', '100.100.100.200', '100.100.100.200/32'],
  ])('denies %s by default', async (target, address, cidr) => {
    const result = await deliverer({ allow: [] }).deliver(handler(target), event, ctx());
    expect(result.outcome).toBe('rejected');
    expect(result.error).toMatch(`target ${address} is denied by the default deny list (${cidr}, `);
    expect(result.response).toBeNull();
  });

  it('rejects a denied literal IP without connecting', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer({ deny: ['127.0.0.0/8'], allow: [] }).deliver(handler(server.url), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: expect.stringMatching(/^target 127\.0\.0\.1 is denied by /),
      response: null,
    });
    expect(result.request?.url).toBe(server.url);
    expect(server.connections()).toBe(0);
  });

  it('adds a custom deny list to the defaults', async () => {
    const d = deliverer({ deny: ['10.0.0.0/8'], allow: [] });
    const custom = await d.deliver(handler('http://10.0.0.1/'), event, ctx());
    expect(custom).toMatchObject({
      outcome: 'rejected',
      error: `target 10.0.0.1 is denied by HOOKLINE_TARGET_DENY (10.0.0.0/8)${HOW}`,
    });
    const loopback = await d.deliver(handler('http://127.0.0.1/'), event, ctx());
    expect(loopback.error).toMatch(/default deny list \(127\.0\.0\.0\/8, loopback\)/);
  });

  it('rejects a denied literal IPv4-mapped IPv6 address', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer({ allow: [] }).deliver(
      handler(`http://[::ffff:127.0.0.1]:${server.port}/`),
      event,
      ctx()
    );
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: expect.stringMatching(/denied by the default deny list/),
    });
    expect(server.connections()).toBe(0);
  });

  it('checks the resolved address of a host name', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await deliverer({ allow: [] }).deliver(handler(`http://localhost:${server.port}/`), event, ctx());
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: expect.stringMatching(
        /^target localhost \((127\.0\.0\.1|::1)\) is denied by the default deny list \((127\.0\.0\.0\/8|::1\/128), loopback\); to allow it, add it to HOOKLINE_TARGET_ALLOW$/
      ),
    });
    expect(server.connections()).toBe(0);
  });

  it('reaches a resolved host name the policy permits', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    // Only IPv4 loopback is served; IPv6 loopback is allowed too in case localhost resolves to it first.
    const d = deliverer({ allow: ['127.0.0.0/8', '::1/128'] });
    const result = await d.deliver(handler(`http://localhost:${server.port}/`), event, ctx());
    expect(result.outcome).toBe('succeeded');
  });

  it('opens a range with the allow list, allow carving into deny, and leaves the rest as it was', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const elsewhere = await deliverer({ allow: ['10.0.0.0/8'] }).deliver(handler(server.url), event, ctx());
    expect(elsewhere).toMatchObject({ outcome: 'rejected', error: expect.stringMatching(/default deny list/) });
    expect(server.connections()).toBe(0);

    const carved = await deliverer({ deny: ['127.0.0.0/8'], allow: ['127.0.0.1/32'] }).deliver(
      handler(server.url),
      event,
      ctx()
    );
    expect(carved.outcome).toBe('succeeded');
    expect(server.received).toHaveLength(1);
  });
});

describe('the address that answered', () => {
  it('is the literal IP of the target', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const result = await deliverer().deliver(handler(server.url), event, ctx());
    expect(result).toMatchObject({ outcome: 'succeeded', remoteAddress: '127.0.0.1' });
  });

  it("is the socket's for a host name delivered on its own connection", async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const d = deliverer({ allow: ['127.0.0.0/8', '::1/128'] });
    const target = handler(`http://localhost:${server.port}/`);
    const own = await d.deliver(target, event, ctx({ ownConnection: true }));
    expect(own).toMatchObject({ outcome: 'succeeded', response: { body: 'ok' } });
    expect(own.remoteAddress).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    // Through the shared pool the connection cannot be tied to the request: no address is claimed.
    const pooled = await d.deliver(target, event, ctx());
    expect(pooled.remoteAddress).toBeUndefined();
  });
});
