import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../faults/support/api-client';
import { onExit } from '../faults/support/cleanup';
import { type PostgresCluster, startPostgresCluster } from '../faults/support/cluster';
import { REPO_ROOT } from '../faults/support/processes';
import { freeTemporalServerPorts } from '../support/ports';

/** `npm run cluster`'s supervisor, as the bootstrap runs it once everything is built. */
interface Supervisor {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** What a user's shell would not have set: the supervisor chooses these itself. */
const LEFT_TO_THE_SUPERVISOR = [
  'HOOKLINE_ADMIN_KEY',
  'TEMPORAL_ADDRESS',
  'HOOKLINE_TARGET_ALLOW',
  'HOOKLINE_LOG_LEVEL',
];

function startSupervisor(env: Record<string, string>): Supervisor {
  const inherited = { ...process.env };
  for (const name of LEFT_TO_THE_SUPERVISOR) delete inherited[name];
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/dist/cluster.js')], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as in a terminal: Ctrl-C reaches the whole group.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const unregister = onExit(() => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // Gone already.
    }
  });
  void exited.then(unregister);
  return { child, output: () => output, exited };
}

async function untilReady(supervisor: Supervisor): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!supervisor.output().includes('Press Ctrl-C to stop.')) {
    if (supervisor.child.exitCode !== null) throw new Error(`the cluster exited:\n${supervisor.output()}`);
    if (Date.now() > deadline) throw new Error(`the cluster did not become ready:\n${supervisor.output()}`);
    await sleep(200);
  }
}

/** Ctrl-C in the terminal: SIGINT to the whole process group; answers the exit code, once nothing of it is left. */
async function interrupt(supervisor: Supervisor): Promise<number | null> {
  const group = supervisor.child.pid ?? 0;
  process.kill(-group, 'SIGINT');
  const code = await supervisor.exited;
  const deadline = Date.now() + 30_000;
  while (groupAlive(group)) {
    if (Date.now() > deadline) throw new Error('processes of the cluster outlived it');
    await sleep(100);
  }
  return code;
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run cluster', () => {
  let postgres: PostgresCluster;
  let dataDir: string;
  let env: Record<string, string>;
  let apiPort: number;

  beforeAll(async () => {
    postgres = await startPostgresCluster();
    dataDir = mkdtempSync(join(tmpdir(), 'hookline-cluster-command-'));
    // The two APIs and the two workers' probes sit a thousand ports above the server's frontend.
    const temporalPorts = await freeTemporalServerPorts((frontend) =>
      [1000, 1001, 1010, 1011].map((d) => frontend + d)
    );
    apiPort = temporalPorts.frontend + 1000;
    env = {
      DATABASE_URL: postgres.url.replace(/\/hookline$/, '/hookline_cluster'),
      PORT: String(apiPort),
      HOOKLINE_TEMPORAL_PORT: String(temporalPorts.frontend),
      HOOKLINE_DATA_DIR: dataDir,
    };
  }, 60_000);

  afterAll(async () => {
    await postgres?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints each API and the admin key once, stops on Ctrl-C, and keeps everything across a restart', async () => {
    const first = startSupervisor(env);
    await untilReady(first);
    const apis = [`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${apiPort + 1}`];
    const lines = first.output().split('\n');
    for (const url of apis) expect(lines, `a line of its own for ${url}`).toContain(url);
    const keyLines = lines.filter((line) => line.includes('Admin API key'));
    expect(keyLines).toHaveLength(1);
    const adminKey = /(hl_[A-Za-z0-9_-]+)/.exec(keyLines[0] ?? '')?.[1] ?? '';
    expect(adminKey, keyLines[0]).not.toBe('');
    for (const url of apis) {
      const health = await call({ apiUrl: url, adminKey }, 'GET', '/api/health');
      expect(health.status, `${url}: ${JSON.stringify(health.body)}`).toBe(200);
    }
    const created = await call<{ id: number }>({ apiUrl: apis[0]!, adminKey }, 'POST', '/api/handlers', {
      name: 'kept across restarts',
      event: 'clients.create',
      target: 'http://127.0.0.1:9/kept',
      priority: 1,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await interrupt(first), first.output().slice(-2000)).toBe(0);

    const second = startSupervisor(env);
    await untilReady(second);
    const again = second.output().split('\n');
    expect(
      again.filter((line) => line.includes(adminKey)),
      'the key is not printed a second time'
    ).toEqual([]);
    expect(again.some((line) => line.includes('Admin API key: in '))).toBe(true);
    const handlers = await call<{ items: { id: number; name: string }[] }>(
      { apiUrl: apis[1]!, adminKey },
      'GET',
      '/api/handlers'
    );
    expect(handlers.status).toBe(200);
    expect(handlers.body.items.map((h) => h.name)).toContain('kept across restarts');
    expect(await interrupt(second), second.output().slice(-2000)).toBe(0);
  }, 300_000);
});
