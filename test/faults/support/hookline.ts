import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../support/ports';
import { type ChildHandle, spawnNode } from './processes';

export interface HooklineOptions {
  databaseUrl: string;
  temporalAddress: string;
  /** More configuration for both processes (HOOKLINE_FIRST_CALL, say). */
  env?: Record<string, string>;
}

/** Hookline's worker and API, each as its own `node …/dist/main.js` process, as they are deployed. */
export interface Hookline {
  apiUrl: string;
  adminKey: string;
  readonly worker: ChildHandle;
  readonly api: ChildHandle;
  /** Starts a (new) worker process; the previous one must be gone or stopped. */
  startWorker(): ChildHandle;
  stop(): Promise<void>;
}

export async function startHookline(options: HooklineOptions): Promise<Hookline> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookline-faults-data-'));
  const adminKey = `hl_faults_${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    HOST: '127.0.0.1',
    PORT: String(port),
    HOOKLINE_DATA_DIR: dataDir,
    HOOKLINE_ADMIN_KEY: adminKey,
    // Receivers listen on loopback, which the target policy denies unless opened explicitly.
    HOOKLINE_TARGET_ALLOW: '127.0.0.0/8',
    // The shortest schedule the configuration allows, so that a worker that missed a NOTIFY catches up soon.
    HOOKLINE_CACHE_REFRESH: '10s',
    HOOKLINE_LOG_LEVEL: 'warn',
    ...options.env,
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  // The API first: it applies the migrations, and two processes migrating at once would race.
  const api = spawnNode('hookline-api', ['api/dist/main.js'], env);
  let worker: ChildHandle | null = null;
  const hookline: Hookline = {
    apiUrl,
    adminKey,
    api,
    get worker(): ChildHandle {
      if (!worker) throw new Error('no worker started');
      return worker;
    },
    startWorker() {
      worker = spawnNode('hookline-worker', ['worker/dist/main.js'], env);
      return worker;
    },
    async stop() {
      await worker?.stop();
      await api.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(hookline, (checks) => checks.database === 'ok' && checks.temporal === 'ok');
    hookline.startWorker();
    await waitForHealth(hookline, (checks) => checks.worker === 'ok');
  } catch (err) {
    await hookline.stop();
    throw err;
  }
  return hookline;
}

type Checks = Record<string, string>;

/** Polls `GET /api/health` until `ready` holds for its checks; fails with the processes' output after a minute. */
export async function waitForHealth(hookline: Hookline, ready: (checks: Checks) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    for (const child of children(hookline)) {
      if (child.exited()) throw new Error(`${child.name} exited:\n${child.output()}`);
    }
    try {
      const response = await fetch(`${hookline.apiUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { checks?: Checks };
      last = JSON.stringify(body);
      if (body.checks && ready(body.checks)) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`Hookline did not become ready: ${last}\n${hookline.api.output()}`);
}

function children(hookline: Hookline): ChildHandle[] {
  try {
    return [hookline.api, hookline.worker];
  } catch {
    return [hookline.api];
  }
}
