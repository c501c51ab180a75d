import { request } from 'node:http';
import type { State } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer, type WorkerHealthSource } from './health-server';

/** A worker whose state a test sets by hand. */
function fakeWorker(): WorkerHealthSource & {
  state: State;
  draining: boolean;
  version: number | null;
  listening: boolean;
} {
  return {
    state: 'RUNNING',
    draining: false,
    version: 7,
    listening: true,
    workerState() {
      return this.state;
    },
    drainRequested() {
      return this.draining;
    },
    snapshotVersion() {
      return this.version;
    },
    snapshotListening() {
      return this.listening;
    },
  };
}

interface Answer {
  status: number;
  contentType: string | undefined;
  cacheControl: string | undefined;
  body: unknown;
}

/** Raw node:http, so that nothing between the test and the server adds a path or a method of its own. */
function ask(url: string, method = 'GET', path?: string): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method, path: path ?? target.pathname, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            cacheControl: res.headers['cache-control'],
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
          })
        );
      }
    );
    req.on('error', reject);
    req.end();
  });
}

describe('worker health server', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('binds the host it is given, on a free port for 0, and says where', async () => {
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: fakeWorker() });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/healthz$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  });

  it('answers 200 ok with the worker state and the active snapshot while the worker runs', async () => {
    const worker = fakeWorker();
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: worker });
    expect(await ask(server.url)).toEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      cacheControl: 'no-store',
      body: { status: 'ok', state: 'RUNNING', snapshot: { version: 7, listening: true } },
    });
    // Read on every request: a new snapshot and a lost LISTEN connection show at once.
    worker.version = 8;
    worker.listening = false;
    expect((await ask(server.url)).body).toEqual({
      status: 'ok',
      state: 'RUNNING',
      snapshot: { version: 8, listening: false },
    });
    expect((await ask(server.url, 'GET', '/healthz?probe=1')).status).toBe(200);
  });

  it('reports no snapshot as a null version', async () => {
    const worker = fakeWorker();
    worker.version = null;
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: worker });
    expect((await ask(server.url)).body).toEqual({
      status: 'ok',
      state: 'RUNNING',
      snapshot: { version: null, listening: true },
    });
  });

  it('answers 503 draining from the moment a stop is asked, while the worker still runs', async () => {
    const worker = fakeWorker();
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: worker });
    worker.draining = true;
    expect(await ask(server.url)).toMatchObject({
      status: 503,
      body: { status: 'draining', state: 'RUNNING', snapshot: { version: 7, listening: true } },
    });
  });

  it('answers 503 draining while the worker shuts down, and 503 down once it has stopped or failed', async () => {
    const worker = fakeWorker();
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: worker });
    const expected: [State, 'draining' | 'down'][] = [
      ['STOPPING', 'draining'],
      ['DRAINING', 'draining'],
      ['DRAINED', 'draining'],
      ['STOPPED', 'down'],
      ['FAILED', 'down'],
      ['INITIALIZED', 'down'],
    ];
    for (const [state, status] of expected) {
      worker.state = state;
      worker.listening = false;
      expect(await ask(server.url), state).toEqual({
        status: 503,
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'no-store',
        body: { status, state, snapshot: { version: 7, listening: false } },
      });
    }
  });

  it('answers 404 to any other path or method', async () => {
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: fakeWorker() });
    const notFound = { error: 'not found: only GET /healthz is served here' };
    expect(await ask(server.url, 'GET', '/')).toMatchObject({ status: 404, body: notFound });
    expect(await ask(server.url, 'GET', '/healthz/')).toMatchObject({ status: 404, body: notFound });
    expect(await ask(server.url, 'GET', '/readyz')).toMatchObject({ status: 404, body: notFound });
    expect(await ask(server.url, 'POST')).toMatchObject({ status: 404, body: notFound });
    expect(await ask(server.url, 'DELETE')).toMatchObject({ status: 404, body: notFound });
  });

  it('serves the metrics it is given at GET /metrics, and says when they cannot be collected', async () => {
    let fail = false;
    const metrics = {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      metrics: () => (fail ? Promise.reject(new Error('collector broke')) : Promise.resolve('# TYPE up gauge\nup 1\n')),
    };
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: fakeWorker(), metrics });
    const url = server.url.replace('/healthz', '/metrics');
    const scraped = await fetch(url);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await scraped.text()).toBe('# TYPE up gauge\nup 1\n');
    fail = true;
    const broken = await fetch(url);
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: 'metrics could not be collected' });
    // The probe is unaffected by a broken collector.
    expect((await ask(server.url)).status).toBe(200);
    expect((await ask(server.url, 'GET', '/nothing')).body).toEqual({
      error: 'not found: GET /healthz and GET /metrics are served here',
    });
  });

  it('closes, once however often asked, even with a keep-alive connection open', async () => {
    const started = await startHealthServer({ host: '127.0.0.1', port: 0, source: fakeWorker() });
    const url = started.url;
    // A probe that keeps its connection open, as most HTTP clients do.
    const keepAlive = await fetch(url);
    expect(keepAlive.status).toBe(200);
    await keepAlive.text();
    const first = started.close();
    expect(started.close()).toBe(first);
    await first;
    await expect(ask(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses to start on a port already in use', async () => {
    server = await startHealthServer({ host: '127.0.0.1', port: 0, source: fakeWorker() });
    const port = Number(new URL(server.url).port);
    await expect(startHealthServer({ host: '127.0.0.1', port, source: fakeWorker() })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
