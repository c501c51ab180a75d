import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A lean loopback receiver that answers 200 at once. It keeps counts and, per event id, the time the first request
 * for it arrived (when its headers were parsed, i.e. its first byte for our purposes) — never the bodies.
 */
export class FastReceiver {
  total = 0;
  readonly byPath = new Map<string, number>();
  /** event id → performance.now() of its first request. */
  readonly firstArrival = new Map<string, number>();
  /** path → performance.now() of its first request. */
  readonly firstOnPath = new Map<string, number>();
  trackEvents = false;
  private readonly server = createServer((req, res) => {
    const at = performance.now();
    const path = req.url ?? '/';
    this.total++;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
    if (!this.firstOnPath.has(path)) this.firstOnPath.set(path, at);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.trackEvents) {
        try {
          const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: { id?: string } }).event?.id;
          if (id && !this.firstArrival.has(id)) this.firstArrival.set(id, at);
        } catch {
          // not an envelope: not ours to time
        }
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });

  async start(): Promise<this> {
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.total = 0;
    this.byPath.clear();
    this.firstArrival.clear();
    this.firstOnPath.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
