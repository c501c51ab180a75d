import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: {
    event: { id: string; events_id: string; object_id: string; dt: string; attempt: number };
    data: Record<string, unknown>;
  };
  at: number;
}

/** What the receiver answers on one path; `hangMs` holds the response that long before answering. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  hangMs?: number;
}

/**
 * A real HTTP receiver on loopback. Each path answers from its script, in order, then with its
 * default (200). Every request is kept, in arrival order.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private readonly defaults = new Map<string, ScriptedResponse>();
  private readonly waiters: (() => void)[] = [];
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  /** Decides the answer to a request before the scripts do; undefined leaves it to them. */
  private responder: ((request: ReceivedRequest) => ScriptedResponse | undefined) | null = null;
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      let json: ReceivedRequest['json'];
      try {
        json = JSON.parse(body) as ReceivedRequest['json'];
      } catch {
        json = { event: { id: '', events_id: '', object_id: '', dt: '', attempt: 0 }, data: {} };
      }
      this.requests.push({ path, headers: req.headers, body, json, at: Date.now() });
      const inFlight = (this.inFlight.get(path) ?? 0) + 1;
      this.inFlight.set(path, inFlight);
      this.peaks.set(path, Math.max(this.peaks.get(path) ?? 0, inFlight));
      // Counted until the answer is out (or the caller gave up on it).
      res.once('close', () => this.inFlight.set(path, (this.inFlight.get(path) ?? 1) - 1));
      this.waiters.splice(0).forEach((wake) => wake());
      const decided = this.responder?.(this.requests[this.requests.length - 1]!);
      const response = decided ??
        this.scripts.get(path)?.shift() ??
        this.defaults.get(path) ?? { status: 200, body: 'ok' };
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(response.status, { 'content-type': 'text/plain', ...response.headers });
        res.end(response.body ?? '');
      };
      if (response.hangMs) setTimeout(answer, response.hangMs).unref();
      else answer();
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests on `path` with these responses, in order. */
  script(path: string, ...responses: ScriptedResponse[]): void {
    this.scripts.set(path, responses);
  }

  /** Answers every request as `decide` says (a delay, a failure), or from the scripts when it says undefined. */
  respondWith(decide: ((request: ReceivedRequest) => ScriptedResponse | undefined) | null): void {
    this.responder = decide;
  }

  setDefault(path: string, response: ScriptedResponse): void {
    this.defaults.set(path, response);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** The most requests on `path` that were ever being answered at the same time. */
  peakInFlight(path: string): number {
    return this.peaks.get(path) ?? 0;
  }

  forEvent(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.json.event.id === eventId);
  }

  /** Resolves once `predicate` holds, checked after every request. */
  async until(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200).unref();
      });
    }
  }

  /** Verifies a request with the official Standard Webhooks library, as a receiver would. */
  static verify(request: ReceivedRequest, secret: string): boolean {
    try {
      new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.defaults.clear();
    this.peaks.clear();
    this.responder = null;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
