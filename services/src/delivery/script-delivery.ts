import { performance } from 'node:perf_hooks';
import { deliveryEnvelope, LOGGED_BODY_LIMIT, type HooklineEvent, type SnapshotHandler } from '@hookline/domain';
import { runProcess } from './run-process';
import { resolveScript } from './script-path';
import type { DeliveryContext, DeliveryResult } from './types';

/** The only PATH a script gets; nothing of the worker's environment (credentials, DATABASE_URL) leaks in. */
const SCRIPT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The executable could not start for a reason a retry will not change. */
const PERMANENT_SPAWN_ERRORS = new Set(['ENOENT', 'EACCES', 'ENOEXEC', 'EISDIR', 'ENOTDIR', 'EPERM']);

/**
 * One attempt of a script handler (DESIGN §1.5): the envelope on stdin, no shell, a clean environment,
 * the handler's timeout. Exit 0 succeeds; any other exit is retried, since a script may fail transiently
 * (a busy database, a lock). Never throws.
 */
export async function deliverScript(
  handler: SnapshotHandler,
  event: HooklineEvent,
  ctx: DeliveryContext,
  scriptsDir: string | undefined
): Promise<DeliveryResult> {
  const startedAt = ctx.now();
  const t0 = performance.now();
  const envelope = deliveryEnvelope(event, ctx.attempt);
  const env = {
    PATH: SCRIPT_PATH,
    HOOKLINE_EVENT_ID: event.id,
    HOOKLINE_EVENT_TYPE: event.type,
    HOOKLINE_ATTEMPT: String(ctx.attempt),
  };
  // For a script, the "headers" of the log are the environment it was given.
  const request = { url: handler.target, headers: { ...env }, body: envelope };
  const finish = (fields: Omit<DeliveryResult, 'startedAt' | 'durationMs' | 'request' | 'retryAfterMs'>) => ({
    ...fields,
    request,
    retryAfterMs: null,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });

  if (scriptsDir === undefined) {
    return finish({
      outcome: 'rejected',
      response: null,
      error: 'script handlers are off: set HOOKLINE_SCRIPTS_DIR',
    });
  }
  const script = await resolveScript(scriptsDir, handler.target);
  if (!script.ok) return finish({ outcome: 'rejected', response: null, error: script.error });

  const run = await runProcess(script.file, {
    cwd: script.dir,
    env,
    input: JSON.stringify(envelope),
    timeoutMs: handler.timeoutMs,
    outputLimit: LOGGED_BODY_LIMIT,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (run.spawnError) {
    const permanent = PERMANENT_SPAWN_ERRORS.has(run.spawnError.code ?? '');
    return finish({
      outcome: permanent ? 'rejected' : 'retryable',
      response: null,
      error: `script ${handler.target} cannot be run: ${run.spawnError.message}`,
    });
  }

  const stdout = run.stdout.toString('utf8');
  const stderr = run.stderr.toString('utf8');
  const response = { status: run.exitCode, headers: {}, body: stdout };
  if (run.timedOut)
    return finish({
      outcome: 'retryable',
      response,
      error: withStderr(`timed out after ${handler.timeoutMs} ms`, stderr),
    });
  if (run.cancelled) return finish({ outcome: 'retryable', response, error: withStderr('cancelled', stderr) });
  if (run.exitCode === 0) {
    // The log has no stderr field; on success it rides in the response headers so it is still kept (§1.5).
    return finish({ outcome: 'succeeded', response: { ...response, headers: stderr ? { stderr } : {} }, error: null });
  }
  const how = run.exitCode !== null ? `exited with code ${run.exitCode}` : `killed by ${run.signal ?? 'a signal'}`;
  return finish({ outcome: 'retryable', response, error: withStderr(how, stderr) });
}

function withStderr(message: string, stderr: string): string {
  return stderr.trim() ? `${message}: ${stderr.trimEnd()}` : message;
}
