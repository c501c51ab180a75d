/**
 * A webhook receiver as its own OS process: answers on one loopback port, writes one JSON line per request to the
 * ledger file, and takes orders on a second port (which stays up while the first is "down").
 *
 * Environment: RECEIVER_LEDGER (file to append to), RECEIVER_PORT (0 for any), RECEIVER_CONTROL_PORT.
 * On start it prints `{"port":…,"controlPort":…}` on one line of standard output.
 *
 * Control (POST, JSON body):
 *   /answer {status?, delayMs?, forMs?}  answer with `status` (200) after `delayMs` (0); with `forMs`, only for that
 *                                        long, then 200 again
 *   /down                                close the listener and every open connection: callers get refused
 *   /up                                  listen again on the same port
 */
import { appendFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Answering {
  status: number;
  delayMs: number;
  /** Epoch ms after which the default (200 at once) applies again; null: until told otherwise. */
  until: number | null;
}

const ledger = requiredEnv('RECEIVER_LEDGER');
let answering: Answering = { status: 200, delayMs: 0, until: null };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function current(): Answering {
  if (answering.until !== null && Date.now() >= answering.until) answering = { status: 200, delayMs: 0, until: null };
  return answering;
}

interface Envelope {
  event?: { id?: unknown; events_id?: unknown; attempt?: unknown };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A caller that gave up (or a connection closed by `/down`) mid-body still made a call; log what arrived.
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function onWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const body = await readBody(req);
  let envelope: Envelope = {};
  try {
    envelope = JSON.parse(body) as Envelope;
  } catch {
    // Logged with empty fields; the checks will notice.
  }
  const { status, delayMs } = current();
  let answered: number | null = null;
  // One line when the exchange is over: `answered` is what the caller actually got (null if it hung up first).
  res.once('close', () => {
    const line = {
      eventId: typeof envelope.event?.id === 'string' ? envelope.event.id : '',
      eventType: typeof envelope.event?.events_id === 'string' ? envelope.event.events_id : '',
      path: req.url ?? '/',
      webhookId: typeof req.headers['webhook-id'] === 'string' ? req.headers['webhook-id'] : '',
      attempt: typeof envelope.event?.attempt === 'number' ? envelope.event.attempt : 0,
      at,
      answered,
    };
    appendFileSync(ledger, `${JSON.stringify(line)}\n`);
  });
  res.once('finish', () => (answered = status));
  const answer = () => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'text/plain', ...(closing ? { connection: 'close' } : {}) });
    res.end(status < 300 ? 'ok' : 'unavailable');
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
}

const webhooks = createServer((req, res) => void onWebhook(req, res));
let webhookPort = Number(process.env['RECEIVER_PORT'] ?? '0');

function listen(): Promise<void> {
  return new Promise((resolve, reject) => {
    webhooks.once('error', reject);
    webhooks.listen(webhookPort, '127.0.0.1', () => {
      webhooks.off('error', reject);
      webhookPort = (webhooks.address() as AddressInfo).port;
      resolve();
    });
  });
}

let closing = false;

/**
 * Closes the listener: new connections are refused. Idle keep-alive sockets are closed too, or they would keep
 * serving the caller; a request already being handled is answered (and its socket closed after it), so that every
 * request that reached the handler is in the ledger with its answer, and every one that did not got a network error.
 */
function down(): Promise<void> {
  if (!webhooks.listening) return Promise.resolve();
  closing = true;
  webhooks.close(() => undefined);
  webhooks.closeIdleConnections();
  return Promise.resolve();
}

const control = createServer((req, res) => {
  void readBody(req).then(async (text) => {
    try {
      if (req.url === '/answer') {
        const order = (text ? JSON.parse(text) : {}) as { status?: number; delayMs?: number; forMs?: number };
        answering = {
          status: order.status ?? 200,
          delayMs: order.delayMs ?? 0,
          until: order.forMs === undefined ? null : Date.now() + order.forMs,
        };
      } else if (req.url === '/down') {
        await down();
      } else if (req.url === '/up') {
        if (!webhooks.listening) {
          closing = false;
          await listen();
        }
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end((err as Error).message);
    }
  });
});

async function main(): Promise<void> {
  await listen();
  await new Promise<void>((resolve) =>
    control.listen(Number(process.env['RECEIVER_CONTROL_PORT'] ?? '0'), '127.0.0.1', resolve)
  );
  process.stdout.write(
    `${JSON.stringify({ port: webhookPort, controlPort: (control.address() as AddressInfo).port })}\n`
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`receiver failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
