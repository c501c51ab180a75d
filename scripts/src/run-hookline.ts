/**
 * Runs the Hookline worker and API in ONE process, as `npm start` does (DESIGN.md §6). They share one process because
 * PGlite, the embedded database used when DATABASE_URL is unset, can only be opened by a single process.
 *
 * Started by scripts/dist/start.js; also runnable on its own (`node scripts/dist/run-hookline.js`) against an existing
 * Temporal (TEMPORAL_ADDRESS). When ready it prints one line `HOOKLINE_READY {"apiUrl": ..., "adminKey": ...}` on
 * stdout for the supervisor. SIGTERM / SIGINT stop the API, then the worker, then the database.
 */
import { startApi } from '@hookline/api';
import { createDb } from '@hookline/db';
import { startWorker, type RunningWorker } from '@hookline/worker';
import {
  exitOnStartupFailure,
  loadConfig,
  stopWithinBound,
  surviveLostDatabaseConnections,
  type Config,
} from '@hookline/services/config';
import { createLogger } from '@hookline/services/logging';
import pino from 'pino';

// Synchronous, so that log lines and the HOOKLINE_READY line reach stdout in order, and a fatal error is written
// before process.exit().
const log = createLogger({ name: 'hookline' }, pino.destination({ dest: 1, sync: true }));

/** Something started, and how to undo it. Kept in start order; stopped in reverse. */
interface Resource {
  name: string;
  stop: () => Promise<void>;
}

const started: Resource[] = [];
let stopping = false;
/** A function rather than reading `stopping` directly: TypeScript would keep its narrowing across the awaits. */
const stopRequested = (): boolean => stopping;
let startup: Promise<void> = Promise.resolve();
/** Told first when a stop is asked, so that its health endpoint turns to 503 while the API stops before it. */
let runningWorker: RunningWorker | undefined;
let stopped: Promise<boolean> | undefined;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    return exitOnStartupFailure(err, log);
  }
}

async function startAll(config: Config): Promise<void> {
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  started.push({ name: 'database', stop: () => database.close() });
  if (stopRequested()) return;
  await database.migrate();
  if (stopRequested()) return;

  const worker = await startWorker({ config, database, log: log.child({ component: 'worker' }) });
  runningWorker = worker;
  started.push({ name: 'worker', stop: () => worker.stop() });
  if (stopRequested()) return;

  const api = await startApi({ config, database, log: log.child({ component: 'api' }) });
  started.push({ name: 'api', stop: () => api.stop() });
  if (stopRequested()) return;

  log.info({ url: api.url, taskQueue: config.taskQueue, temporal: config.temporalAddress }, 'hookline ready');
  // The admin key goes only to this line (read by the supervisor), never into the log.
  process.stdout.write(`HOOKLINE_READY ${JSON.stringify({ apiUrl: api.url, adminKey: api.adminKey })}\n`);
}

/** Stops everything started so far, newest first; true when all stopped cleanly. Runs at most once. */
function stopAll(): Promise<boolean> {
  stopped ??= (async () => {
    let ok = true;
    for (const resource of [...started].reverse()) {
      try {
        await resource.stop();
        log.info(`${resource.name} stopped`);
      } catch (err) {
        ok = false;
        log.error({ err }, `stopping the ${resource.name} failed`);
      }
    }
    return ok;
  })();
  return stopped;
}

async function shutdown(reason: string): Promise<void> {
  if (stopping) {
    // A second request (e.g. a second Ctrl-C) while the first is still running: give up waiting.
    log.warn(`${reason} again; exiting without waiting for a clean shutdown`);
    process.exit(1);
  }
  stopping = true;
  runningWorker?.markDraining();
  log.info(`${reason}; shutting down`);
  let clean = false;
  await stopWithinBound(async () => {
    // Let a start step that is in flight finish, so that what it started is stopped too.
    await startup.catch(() => undefined);
    clean = await stopAll();
  }, log);
  process.exit(clean ? 0 : 1);
}

async function main(): Promise<void> {
  const config = readConfig();
  surviveLostDatabaseConnections(log);
  log.level = config.logLevel;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(`received ${signal}`));
  }
  // Under the supervisor there is an IPC channel; it closes if the supervisor dies, and we must not outlive it.
  if (process.connected) process.on('disconnect', () => void shutdown('supervisor went away'));

  startup = startAll(config);
  try {
    await startup;
  } catch (err) {
    if (stopping) {
      // Interrupted while starting; shutdown() is already stopping what was started and will exit.
      log.error({ err }, 'startup failed while shutting down');
      return;
    }
    await stopAll(); // release the database (PGlite locks its files) before exiting
    throw err;
  }
}

main().catch((err: unknown) => exitOnStartupFailure(err, log));
