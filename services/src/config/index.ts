import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_HANDLER_HEALTH_POLICY, type HandlerHealthPolicy } from '@hookline/domain';
import { z } from 'zod';
import { parseCidr } from '../delivery/cidr';
import { readTemporalTls, type TemporalTls } from './temporal-tls';

export type { TemporalTls } from './temporal-tls';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `5m`, `30s`, `1h`, `250ms` or a plain number of milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

const Duration = (min: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30s, 5m or 1h` });
      return z.NEVER;
    }
    if (ms < min) {
      ctx.addIssue({ code: 'custom', message: `must be at least ${min / 1000}s` });
      return z.NEVER;
    }
    return ms;
  });

/** A whole number from `min` up; the message quotes what was given. */
const WholeNumber = (min: number) =>
  z.string().transform((text, ctx) => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a whole number` });
      return z.NEVER;
    }
    if (value < min) {
      ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
      return z.NEVER;
    }
    return value;
  });

/** A share of calls: `0.5` or `50%`, above 0 and at most 1 (100 %). */
const Share = z.string().transform((text, ctx) => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
  if (!(value > 0 && value <= 1)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a share above 0 and at most 1, such as 0.5 or 50%` });
    return z.NEVER;
  }
  return value;
});

const Port = z.coerce.number().int().min(0).max(65535);
/** A port something must listen on by that number: 0 (any free port) would not do. */
const FixedPort = z.coerce.number().int().min(1).max(65535);
/** A port a probe must be told in advance: 0 (any free port) is refused rather than bound somewhere unknown. */
const ProbePort = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    const port = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (port === 0) {
      ctx.addIssue({ code: 'custom', message: '0 would listen on a random port; a probe needs a fixed one (1–65535)' });
      return z.NEVER;
    }
    if (!Number.isInteger(port) || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a port (1–65535)` });
      return z.NEVER;
    }
    return port;
  });

// Worker concurrency, sized for a 2-core machine. The Temporal SDK's own defaults are 100 activities, 100 local
// activities and 40 workflow tasks.
/**
 * Handler calls wait on their receivers (network, or a script's child process), not on this process's CPU, so many
 * can be in flight at once: the SDK's 100. Lower it when script handlers do heavy work of their own.
 */
const DEFAULT_MAX_ACTIVITIES = 100;
/**
 * The local activities record executions (a few queries each, through the worker's pool of 10 database connections)
 * and make handlers' first calls (waiting on receivers). Every workflow task in progress holds at most one at a time,
 * so this covers the workflow task slots below twice over.
 */
const DEFAULT_MAX_LOCAL_ACTIVITIES = 128;
/**
 * See `Config.firstCall`. Local first calls did 24.2 events/s at saturation against 18.2 with activities, at half the
 * Temporal server's CPU per event, but with a longer tail to the first byte, and the cluster's kill -9 test has not
 * yet told the two apart in calls repeated after success (README, Performance): activities stay the default.
 */
const DEFAULT_FIRST_CALL = 'activity';
/**
 * A workflow task holds its slot while its local activities run: with first calls local, that is for the whole of an
 * event whose handlers answer at once, most of it waiting on receivers and the database. With 10 slots, those waits
 * capped the worker at 10.7 events/s in the benchmark; 64 covers the 64 events it keeps in flight. Workflow code
 * itself still runs one task at a time on its single thread.
 */
const DEFAULT_MAX_WORKFLOW_TASKS = 64;
/**
 * A cached workflow resumes without replaying its history. An event's workflow lives for seconds, so 1000 holds
 * every one in flight at the measured peak with room to spare, and bounds memory (the SDK's default grows with the
 * heap instead).
 */
const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const Env = z.object({
  PORT: Port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalText.refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  TEMPORAL_ADDRESS: optionalText.refine((v) => !v || /^[^\s:]+:\d+$/.test(v), 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: optionalText,
  /** Unset is not the same as `false`: a TLS file or server name turns TLS on, unless TLS was explicitly refused. */
  TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  HOOKLINE_DATA_DIR: z.string().min(1).default('.hookline'),
  HOOKLINE_ADMIN_KEY: optionalText.refine((v) => !v || v.length >= 16, 'must be at least 16 characters'),
  HOOKLINE_CACHE_REFRESH: Duration(10_000).default(5 * 60_000),
  HOOKLINE_TASK_QUEUE: z.string().min(1).default('hookline'),
  HOOKLINE_SCRIPTS_DIR: optionalText,
  HOOKLINE_LIST_TIMEOUT: Duration(1000).default(5_000),
  HOOKLINE_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  HOOKLINE_DISABLE_AFTER_DAYS: WholeNumber(1).default(DEFAULT_HANDLER_HEALTH_POLICY.disableAfterDays),
  HOOKLINE_FAILING_SHARE: Share.default(DEFAULT_HANDLER_HEALTH_POLICY.failingShare),
  HOOKLINE_FAILING_WINDOW: Duration(60_000).default(DEFAULT_HANDLER_HEALTH_POLICY.failingWindowMs),
  HOOKLINE_FAILING_MIN_CALLS: WholeNumber(1).default(DEFAULT_HANDLER_HEALTH_POLICY.failingMinCalls),
  HOOKLINE_HEALTH_CHECK: Duration(10_000).default(5 * 60_000),
  HOOKLINE_TARGET_DENY: optionalText,
  HOOKLINE_TARGET_ALLOW: optionalText,
  HOOKLINE_MAX_CACHED_WORKFLOWS: WholeNumber(0).default(DEFAULT_MAX_CACHED_WORKFLOWS),
  HOOKLINE_WORKER_MAX_ACTIVITIES: WholeNumber(1).default(DEFAULT_MAX_ACTIVITIES),
  HOOKLINE_WORKER_MAX_LOCAL_ACTIVITIES: WholeNumber(1).default(DEFAULT_MAX_LOCAL_ACTIVITIES),
  HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: WholeNumber(1).default(DEFAULT_MAX_WORKFLOW_TASKS),
  HOOKLINE_WORKER_HEALTH_PORT: ProbePort,
  HOOKLINE_FIRST_CALL: z.enum(['local', 'activity']).default(DEFAULT_FIRST_CALL),
  HOOKLINE_TEMPORAL_UI_URL: optionalText.refine(
    (v) => !v || /^https?:\/\/[^\s]+$/i.test(v),
    'must be an http(s):// URL'
  ),
  HOOKLINE_TEMPORAL_PORT: FixedPort.default(7233),
  HOOKLINE_TEMPORAL_UI_PORT: FixedPort.default(8233),
  HOOKLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  temporalApiKey: string | undefined;
  /** `false`: plain text. Holds the client's private key when mTLS is configured: never log it. */
  temporalTls: false | TemporalTls;
  /** The Temporal Web UI, linked from executions; none when not given. */
  temporalUiUrl: string | undefined;
  adminKey: string | undefined;
  cacheRefreshMs: number;
  taskQueue: string;
  scriptsDir: string | undefined;
  logRetentionDays: number;
  /** The failing-handler policy (HOOKLINE_DISABLE_AFTER_DAYS, HOOKLINE_FAILING_SHARE / _WINDOW / _MIN_CALLS). */
  handlerHealth: HandlerHealthPolicy;
  /** How often the `hookline-handler-health` schedule runs the policy's check (HOOKLINE_HEALTH_CHECK). */
  healthCheckMs: number;
  /** HOOKLINE_TARGET_DENY: CIDRs denied on top of the built-in defaults (delivery/default-deny.ts). */
  /** Longest a list, search or stats query of the API may run before PostgreSQL cancels it (not PGlite). */
  listTimeoutMs: number;
  targetDeny: string[];
  /** HOOKLINE_TARGET_ALLOW: CIDRs opened, even inside a denied range. */
  targetAllow: string[];
  /** The worker's sticky workflow cache; 0 turns it off. */
  maxCachedWorkflows: number;
  /** Handler calls one worker runs at once (Temporal activities). */
  workerMaxActivities: number;
  /** Execution bookkeeping one worker runs at once (Temporal local activities). */
  workerMaxLocalActivities: number;
  /** Workflow tasks one worker runs at once. */
  workerMaxWorkflowTasks: number;
  /** Where the worker answers `GET /healthz` (on `host`); none when not given. */
  workerHealthPort: number | undefined;
  /**
   * How each handler's first call runs: `local`, as a local activity inside the workflow task (no activity task, no
   * round trip through Temporal), or `activity`, as every later attempt does. The README's Performance section
   * gives the figures behind the default.
   */
  firstCall: 'local' | 'activity';
  logLevel: z.infer<typeof Env>['HOOKLINE_LOG_LEVEL'];
  /** Where `npm start` runs the Temporal dev server when no TEMPORAL_ADDRESS is given. */
  devServer: { port: number; uiPort: number };
}

function cidrList(text: string | undefined, name: string, problems: string[]): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const cidr of list) {
    if (!parseCidr(cidr)) problems.push(`${name}: "${cidr}" is not a CIDR such as 10.0.0.0/8`);
  }
  return list;
}

/**
 * The sticky cache and the workflow task slots depend on each other: every workflow task in flight holds its workflow
 * in the cache, and with the cache on the worker polls both its sticky queue and the shared one, which takes two
 * slots. Checked here so that a bad pair stops the start with its variables named, instead of being adjusted behind
 * a warning (the Temporal SDK turns a cache of 1 into 2).
 */
function workerCacheProblems(cachedWorkflows: number, workflowTasks: number, problems: string[]): void {
  if (cachedWorkflows === 1) {
    problems.push('HOOKLINE_MAX_CACHED_WORKFLOWS: must be 0 (no cache) or at least 2');
  } else if (cachedWorkflows > 0 && workflowTasks > cachedWorkflows) {
    problems.push(
      `HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: must not exceed HOOKLINE_MAX_CACHED_WORKFLOWS (${cachedWorkflows}), ` +
        'since every workflow task in flight holds its workflow in the cache'
    );
  } else if (cachedWorkflows > 0 && workflowTasks < 2) {
    problems.push(
      'HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: must be at least 2 while the workflow cache is on (one sticky and one ' +
        'shared poller)'
    );
  }
}

/** Parsed once at start and passed down; nothing else reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const deny = cidrList(e.HOOKLINE_TARGET_DENY, 'HOOKLINE_TARGET_DENY', problems);
  const allow = cidrList(e.HOOKLINE_TARGET_ALLOW, 'HOOKLINE_TARGET_ALLOW', problems);
  if (e.HOOKLINE_TEMPORAL_PORT === e.HOOKLINE_TEMPORAL_UI_PORT) {
    problems.push('HOOKLINE_TEMPORAL_PORT and HOOKLINE_TEMPORAL_UI_PORT must differ');
  }
  workerCacheProblems(e.HOOKLINE_MAX_CACHED_WORKFLOWS, e.HOOKLINE_WORKER_MAX_WORKFLOW_TASKS, problems);
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const absoluteOrNone = (p: string | undefined) => (p === undefined ? undefined : absolute(p));
  const temporalTls = readTemporalTls(
    {
      tls: e.TEMPORAL_TLS === undefined ? undefined : e.TEMPORAL_TLS === 'true' || e.TEMPORAL_TLS === '1',
      apiKey: e.TEMPORAL_API_KEY,
      caPath: absoluteOrNone(e.TEMPORAL_TLS_CA),
      certPath: absoluteOrNone(e.TEMPORAL_TLS_CERT),
      keyPath: absoluteOrNone(e.TEMPORAL_TLS_KEY),
      serverName: e.TEMPORAL_TLS_SERVER_NAME,
    },
    problems
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: absolute(e.HOOKLINE_DATA_DIR),
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    temporalApiKey: e.TEMPORAL_API_KEY,
    temporalTls,
    temporalUiUrl: e.HOOKLINE_TEMPORAL_UI_URL?.replace(/\/+$/, ''),
    adminKey: e.HOOKLINE_ADMIN_KEY,
    cacheRefreshMs: e.HOOKLINE_CACHE_REFRESH,
    taskQueue: e.HOOKLINE_TASK_QUEUE,
    scriptsDir: e.HOOKLINE_SCRIPTS_DIR === undefined ? undefined : absolute(e.HOOKLINE_SCRIPTS_DIR),
    logRetentionDays: e.HOOKLINE_LOG_RETENTION_DAYS,
    handlerHealth: {
      disableAfterDays: e.HOOKLINE_DISABLE_AFTER_DAYS,
      failingShare: e.HOOKLINE_FAILING_SHARE,
      failingWindowMs: e.HOOKLINE_FAILING_WINDOW,
      failingMinCalls: e.HOOKLINE_FAILING_MIN_CALLS,
    },
    healthCheckMs: e.HOOKLINE_HEALTH_CHECK,
    targetDeny: deny ?? [],
    listTimeoutMs: e.HOOKLINE_LIST_TIMEOUT,
    targetAllow: allow ?? [],
    maxCachedWorkflows: e.HOOKLINE_MAX_CACHED_WORKFLOWS,
    workerMaxActivities: e.HOOKLINE_WORKER_MAX_ACTIVITIES,
    workerMaxLocalActivities: e.HOOKLINE_WORKER_MAX_LOCAL_ACTIVITIES,
    firstCall: e.HOOKLINE_FIRST_CALL,
    workerMaxWorkflowTasks: e.HOOKLINE_WORKER_MAX_WORKFLOW_TASKS,
    workerHealthPort: e.HOOKLINE_WORKER_HEALTH_PORT,
    logLevel: e.HOOKLINE_LOG_LEVEL,
    devServer: { port: e.HOOKLINE_TEMPORAL_PORT, uiPort: e.HOOKLINE_TEMPORAL_UI_PORT },
  };
}

/**
 * How every Hookline process ends when it cannot start: a configuration mistake is the user's to fix, so its message
 * (one line per bad variable) goes to standard error without a stack trace; anything else is logged as fatal.
 */
export function exitOnStartupFailure(err: unknown, log: { fatal(obj: unknown): void }): never {
  if (err instanceof ConfigError) console.error(err.message);
  else log.fatal(err);
  process.exit(1);
}

/**
 * How long a Hookline process may take to stop once asked (SIGTERM, SIGINT), whatever is in flight: the worker gives
 * running activities up to 10 s to finish and is forced at 20 s; past this bound the process exits anyway. Below the
 * 30 s a process manager (systemd, Kubernetes) waits before it kills.
 */
export const SHUTDOWN_BOUND_MS = 25_000;

/** Runs `stop`, and ends the process if it has not finished within {@link SHUTDOWN_BOUND_MS}. */
export async function stopWithinBound(
  stop: () => Promise<void>,
  log: { error(obj: unknown, msg: string): void },
  boundMs = SHUTDOWN_BOUND_MS
): Promise<void> {
  const timer = setTimeout(() => {
    log.error({ boundMs }, 'did not stop within the shutdown bound; exiting');
    process.exit(1);
  }, boundMs);
  timer.unref();
  try {
    await stop();
  } finally {
    clearTimeout(timer);
  }
}

// The driver's codes for a connection that went away under a query (PostgreSQL restarting, a network blip).
const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET']);

/**
 * Keeps a process alive when a database connection is lost under a query whose caller has already moved on (the
 * driver then rejects a promise nobody awaits, and Node would end the process): the pool reconnects, and callers
 * that were waiting got their own error. Any other unhandled rejection still ends the process, as a bug should.
 */
export function surviveLostDatabaseConnections(log: { warn(obj: unknown, msg: string): void }): void {
  process.on('unhandledRejection', (reason) => {
    const code = (reason as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CONNECTION_LOST.has(code)) {
      log.warn({ code }, 'a database connection was lost under a query no one awaited; the pool reconnects');
      return;
    }
    throw reason;
  });
}
