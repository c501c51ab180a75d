import type { AddressInfo } from 'node:net';
import * as dbModule from '@hookline/db';
import { createDb, type Database } from '@hookline/db';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { loadConfig, type Config } from '@hookline/services/config';
import { createDeliverer, HooklineMetrics } from '@hookline/services';
import type { EventInput, HooklineEvent } from '@hookline/domain';
import { ServiceError, type Client } from '@temporalio/client';
import type { Express } from 'express';
import { createLogger } from '@hookline/services/logging';
import type { DestinationStream } from 'pino';
import { ensureAdminKey } from '../keys/admin-key';
import { createApp } from '../app';
import type { HooklineTemporal } from '../deps';

export const ADMIN_KEY = 'hl_test-admin-key-0123456789abcdef';

/** What a dead Temporal looks like through @temporalio/client: a ServiceError around gRPC UNAVAILABLE. */
export function temporalUnavailableError(): Error {
  const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
    code: 14,
    details: 'No connection established',
    metadata: {},
  });
  return new ServiceError('Failed to start Workflow', { cause: grpc });
}

/** Records what the API asked of Temporal; `down` makes every call fail as if Temporal were unreachable. */
export class FakeHookline implements HooklineTemporal {
  emitted: EventInput[] = [];
  /** The ordering each emitted event was given, in the same order as `emitted`. */
  orderings: ({ key: string } | undefined)[] = [];
  publishes = 0;
  down = false;
  version = 0;
  private readonly seen = new Map<string, { executionId: string; workflowId: string }>();

  async emitEvent(input: EventInput, ordering?: { key: string }) {
    if (this.down) throw temporalUnavailableError();
    this.emitted.push(input);
    this.orderings.push(ordering);
    const id = input.id ?? `generated-${this.emitted.length}`;
    const event: HooklineEvent = {
      id,
      type: input.type,
      objectId: String(input.objectId),
      occurredAt: input.occurredAt ?? new Date().toISOString(),
      data: input.data ?? {},
    };
    const first = this.seen.get(id);
    if (first) return { ...first, duplicate: true, event };
    const started = { executionId: `exec-${this.emitted.length}`, workflowId: `event-${id}` };
    this.seen.set(id, started);
    return { ...started, duplicate: false, event };
  }

  async publishHandlerCache() {
    if (this.down) throw temporalUnavailableError();
    this.publishes++;
    this.version++;
    return { version: this.version, changed: true };
  }

  async nextRefreshAt() {
    if (this.down) throw temporalUnavailableError();
    return '2030-01-01T00:05:00.000Z';
  }

  backlog: number | null = 3;

  async queueBacklog() {
    if (this.down) throw temporalUnavailableError();
    return this.backlog;
  }
}

export interface FakeTemporalState {
  reachable: boolean;
  pollers: number;
}

/** Just the calls the health check makes, and workflow starts and cancels (replays), which it accepts. */
function fakeTemporal(state: FakeTemporalState): Client {
  const fake = {
    workflow: {
      start: async (_type: string, options: { workflowId: string }) => {
        if (!state.reachable) throw temporalUnavailableError();
        return { workflowId: options.workflowId };
      },
      getHandle: () => ({
        cancel: async () => {
          if (!state.reachable) throw temporalUnavailableError();
        },
      }),
    },
    connection: { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() },
    workflowService: {
      getSystemInfo: async () => {
        if (!state.reachable) throw temporalUnavailableError();
        return {};
      },
      describeTaskQueue: async () => {
        if (!state.reachable) throw temporalUnavailableError();
        return { pollers: Array.from({ length: state.pollers }, () => ({ identity: 'worker' })) };
      },
    },
  };
  // A structural fake of the few members used; the real Client has hundreds more.
  return fake as unknown as Client;
}

export interface TestApi {
  url: string;
  app: Express;
  database: Database;
  hookline: FakeHookline;
  temporal: FakeTemporalState;
  config: Config;
  /** A registry of this app's own, so counts start at zero. */
  metrics: HooklineMetrics;
  request(path: string, init?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (with `headers` saying what it is). */
  rawBody?: string | Buffer;
  /** API key; defaults to the admin key, null sends no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON; each asserts the shape it expects.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let shared: Promise<Database> | null = null;

/**
 * Starting PGlite costs seconds, so a worker makes one (test files share it through vitest's
 * `isolate: false`) and every test file begins by emptying it. Files in a worker run one at a time.
 */
async function freshDatabase(): Promise<Database> {
  shared ??= createDb({ dataDir: 'memory://' }).then(async (database) => {
    await database.migrate();
    return database;
  });
  const database = await shared;
  const tables = Object.values(dbModule as Record<string, unknown>)
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => `"${getTableName(table)}"`);
  await database.db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
  return database;
}

/** The app over real HTTP on 127.0.0.1, backed by an empty in-memory PGlite and fake Temporal. */
export async function startTestApi(
  overrides: Partial<Config> = {},
  options: {
    editorDir?: string;
    /** Receives the app's log lines (at info); without it nothing is logged. */ log?: DestinationStream;
  } = {}
): Promise<TestApi> {
  // Loopback is denied to HTTP handlers by default; the tests' receivers listen there, so it is opened explicitly.
  const config = {
    ...loadConfig({ HOOKLINE_LOG_LEVEL: 'silent', HOOKLINE_TARGET_ALLOW: '127.0.0.0/8' }),
    ...overrides,
  };
  // The processes' own logger factory, so that tests see what production would write.
  const log = options.log ? createLogger({ level: 'info' }, options.log) : createLogger({ level: 'silent' });
  const database = await freshDatabase();
  await ensureAdminKey(database.db, ADMIN_KEY, log);
  const hookline = new FakeHookline();
  const temporalState: FakeTemporalState = { reachable: true, pollers: 1 };
  const metrics = new HooklineMetrics();
  // The real deliverer: test sends reach loopback receivers (opened above) like the worker's calls would.
  const deliverer = createDeliverer({
    targetDeny: config.targetDeny,
    targetAllow: config.targetAllow,
    scriptsDir: config.scriptsDir,
    userAgent: 'hookline/test',
  });
  const app = createApp({
    config,
    database,
    temporal: fakeTemporal(temporalState),
    hookline,
    deliverer,
    metrics,
    log,
    editorDir: options.editorDir ?? null,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request(path: string, init: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? ADMIN_KEY : init.key;
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let body: string | Buffer | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }

  return {
    url,
    app,
    database,
    hookline,
    temporal: temporalState,
    config,
    metrics,
    request,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deliverer.close();
    },
  };
}

/** A valid handler body, changed by `overrides`. */
export function handlerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Notify CRM', event: 'clients.create', target: 'https://crm.example.com/hooks', ...overrides };
}
