import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { State } from '@temporalio/worker';

/** What the health endpoint reads, each time it is asked. */
export interface WorkerHealthSource {
  /** The Temporal worker's state (`Worker.getState()`). */
  workerState(): State;
  /** True once the process was asked to stop, possibly before the worker itself has begun to drain. */
  drainRequested(): boolean;
  /** The handler snapshot version the next event would be planned with; null before one is loaded. */
  snapshotVersion(): number | null;
  /** Whether snapshot notifications currently arrive (else the worker polls for new versions). */
  snapshotListening(): boolean;
}

/** `ok`: running and taking work. `draining`: finishing what it has, taking nothing new. `down`: not running. */
export type WorkerHealthStatus = 'ok' | 'draining' | 'down';

/** The body of `GET /healthz`. */
export interface WorkerHealth {
  status: WorkerHealthStatus;
  state: State;
  snapshot: { version: number | null; listening: boolean };
}

function statusOf(state: State, drainRequested: boolean): WorkerHealthStatus {
  switch (state) {
    case 'RUNNING':
      return drainRequested ? 'draining' : 'ok';
    case 'STOPPING':
    case 'DRAINING':
    case 'DRAINED':
      return 'draining';
    case 'INITIALIZED':
    case 'STOPPED':
    case 'FAILED':
      return 'down';
  }
}

export function workerHealth(source: WorkerHealthSource): WorkerHealth {
  const state = source.workerState();
  return {
    status: statusOf(state, source.drainRequested()),
    state,
    snapshot: { version: source.snapshotVersion(), listening: source.snapshotListening() },
  };
}

export interface HealthServer {
  /** `http://host:port/healthz`, with the port actually bound. */
  url: string;
  close(): Promise<void>;
}

/** A Prometheus registry's exposition: what `GET /metrics` answers. */
export interface MetricsExposition {
  contentType: string;
  metrics(): Promise<string>;
}

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port (tests); the configuration refuses 0, since a probe must know where to ask. */
  port: number;
  source: WorkerHealthSource;
  /**
   * The worker's own metrics (handler call durations, retries, executions finished): in a deployment the worker is a
   * process of its own, and only it holds them, so it serves them beside its probe.
   */
  metrics?: MetricsExposition;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // A probe must see the state of now, never a proxy's copy.
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

async function answer(req: IncomingMessage, res: ServerResponse, options: HealthServerOptions): Promise<void> {
  // Only the path counts: probes sometimes add a query string to defeat caches.
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/metrics' && options.metrics) {
    const body = await options.metrics.metrics();
    res.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  if (req.method !== 'GET' || path !== '/healthz') {
    const served = options.metrics ? 'GET /healthz and GET /metrics are' : 'only GET /healthz is';
    send(res, 404, { error: `not found: ${served} served here` });
    return;
  }
  const health = workerHealth(options.source);
  // 503 while draining, so that a load balancer or process manager stops counting on this worker at once.
  send(res, health.status === 'ok' ? 200 : 503, health);
}

/**
 * A plain HTTP listener for a process manager's probe: 200 while the worker runs, 503 from the moment it is asked to
 * stop. Separate from the API so that a worker-only process can be probed too.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    answer(req, res, options).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'metrics could not be collected' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Listening on TCP, address() is an AddressInfo: it is a string only for a pipe or a Unix socket.
  const { address, family, port } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/healthz`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // A probe's keep-alive connection would otherwise hold the close open until it times out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
