import { DefaultLogger, type LogLevel, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { serializeError } from '@hookline/services/logging';
import type { Logger } from 'pino';

let installed = false;

/**
 * The SDK passes the failure of an activity as an Error inside `meta`, where no `err` serializer reaches it and
 * pino would write its own fields as they are: a database error's query parameters among them.
 */
function safeMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [key, value instanceof Error ? serializeError(value) : value])
  );
}

/**
 * Routes the Temporal SDK's own logs (worker state changes, core warnings) into our pino logger,
 * at warning level unless we are debugging. The runtime is process-wide and can be set up once.
 */
export function installRuntimeLogging(log: Logger): void {
  if (installed) return;
  installed = true;
  const level: LogLevel = log.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  try {
    Runtime.install({
      logger: new DefaultLogger(level, (entry) => {
        // A failed handler call is a result, not an activity failure: the SDK has nothing to warn about for it.
        const method =
          entry.level === 'TRACE' ? 'trace' : (entry.level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
        log[method]({ temporal: safeMeta(entry.meta) }, entry.message);
      }),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: level }) } },
    });
  } catch (err) {
    // Another part of this process created the runtime first (replay tests do): keep its logger.
    log.debug({ err }, 'Temporal runtime already installed');
  }
}
