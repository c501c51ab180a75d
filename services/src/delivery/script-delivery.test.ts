import { chmod, mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  deliveryEnvelope,
  LOGGED_BODY_LIMIT,
  type HooklineEvent,
  type SnapshotHandler,
} from '@hookline/domain';
import { createDeliverer, type DeliveryContext } from './index';

let root: string;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by its parent) still answers signal 0: read its state.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
let scriptsDir: string;

async function script(path: string, body: string, mode = 0o755): Promise<void> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, mode);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hookline-scripts-'));
  scriptsDir = join(root, 'scripts');
  await mkdir(join(scriptsDir, 'sub'), { recursive: true });
  await script(
    join(scriptsDir, 'echo.sh'),
    'cat\necho\necho "id=$HOOKLINE_EVENT_ID type=$HOOKLINE_EVENT_TYPE attempt=$HOOKLINE_ATTEMPT home=$HOME leak=$HOOKLINE_TEST_LEAK"'
  );
  await script(join(scriptsDir, 'sub', 'pwd.sh'), 'pwd');
  await script(join(scriptsDir, 'warn.sh'), 'echo done\necho "deprecated flag" >&2');
  await script(join(scriptsDir, 'fail.sh'), 'echo "partial"\necho "database is locked" >&2\nexit 3');
  await script(join(scriptsDir, 'slow.sh'), 'echo started\nsleep 10\necho never');
  // Leaves a child running in the background, its output detached, and exits at once.
  await script(join(scriptsDir, 'background.sh'), 'sleep 30 >/dev/null 2>&1 &\necho $!');
  await script(join(scriptsDir, 'noisy.sh'), `head -c ${LOGGED_BODY_LIMIT * 3} /dev/zero | tr '\\0' 'a'`);
  await script(join(scriptsDir, 'plain.sh'), 'echo hi', 0o644);
  await script(join(root, 'outside.sh'), 'echo escaped');
  await symlink(join(root, 'outside.sh'), join(scriptsDir, 'link.sh'));
  await symlink(join(scriptsDir, 'echo.sh'), join(scriptsDir, 'inside-link.sh'));
  process.env['HOOKLINE_TEST_LEAK'] = 'leaked';
});

afterAll(async () => {
  delete process.env['HOOKLINE_TEST_LEAK'];
  await rm(root, { recursive: true, force: true });
});

const event: HooklineEvent = {
  id: '01JEVENT',
  type: 'importd.process_failed',
  objectId: '99',
  occurredAt: '2026-11-29T10:00:00.000Z',
  data: { file: 'batch.csv' },
};

function handler(target: string, overrides: Partial<SnapshotHandler> = {}): SnapshotHandler {
  return {
    id: 3,
    name: 'local hook',
    event: event.type,
    kind: 'script',
    target,
    priority: 1,
    condition: null,
    retry: { ...DEFAULT_RETRY },
    timeoutMs: 2000,
    onFailure: 'continue',
    headers: {},
    secrets: [],
    ...overrides,
  };
}

const ctx: DeliveryContext = { executionId: 'exec1', attempt: 4, now: () => new Date() };

function deliver(target: string, overrides: Partial<SnapshotHandler> = {}, options = { scriptsOff: false }) {
  const dir = options.scriptsOff ? undefined : scriptsDir;
  const d = createDeliverer({ targetDeny: [], targetAllow: [], scriptsDir: dir, userAgent: 'hookline/test' });
  return d.deliver(handler(target, overrides), event, ctx);
}

describe('script delivery', () => {
  it('passes the envelope on stdin with a clean environment and succeeds on exit 0', async () => {
    const result = await deliver('echo.sh');
    expect(result.outcome).toBe('succeeded');
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(0);
    const [stdin, envLine] = (result.response?.body ?? '').split('\n');
    expect(JSON.parse(stdin ?? '')).toEqual(deliveryEnvelope(event, 4));
    expect(envLine).toBe('id=01JEVENT type=importd.process_failed attempt=4 home= leak=');
    expect(result.request).toEqual({
      url: 'echo.sh',
      headers: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOOKLINE_EVENT_ID: '01JEVENT',
        HOOKLINE_EVENT_TYPE: 'importd.process_failed',
        HOOKLINE_ATTEMPT: '4',
      },
      body: deliveryEnvelope(event, 4),
    });
  });

  it('runs in the scripts folder and follows symlinks that stay inside it', async () => {
    const pwd = await deliver('sub/pwd.sh');
    expect(pwd.response?.body?.trim()).toMatch(/\/scripts$/);
    const linked = await deliver('inside-link.sh');
    expect(linked.outcome).toBe('succeeded');
  });

  it('keeps stderr of a successful run in the response headers', async () => {
    const result = await deliver('warn.sh');
    expect(result).toMatchObject({
      outcome: 'succeeded',
      error: null,
      response: { status: 0, body: 'done\n', headers: { stderr: 'deprecated flag\n' } },
    });
  });

  it('retries a non-zero exit, with stderr in the error', async () => {
    const result = await deliver('fail.sh');
    expect(result).toMatchObject({
      outcome: 'retryable',
      error: 'exited with code 3: database is locked',
      response: { status: 3, body: 'partial\n', headers: {} },
    });
  });

  it('kills a script (and what it started) at the timeout and retries', async () => {
    const result = await deliver('slow.sh', { timeoutMs: 300 });
    expect(result).toMatchObject({
      outcome: 'retryable',
      error: 'timed out after 300 ms',
      response: { status: null, body: 'started\n' },
    });
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('ends what a script left running in the background when the attempt ends', async () => {
    const result = await deliver('background.sh');
    expect(result.outcome).toBe('succeeded');
    const pid = Number(result.response?.body?.trim());
    expect(pid).toBeGreaterThan(0);
    // Signal 0 only asks whether the process exists; a killed child may linger as a zombie for a moment.
    await expect.poll(() => isRunning(pid), { timeout: 2_000 }).toBe(false);
  });

  it('keeps the first 64 KiB of stdout and drains the rest', async () => {
    const result = await deliver('noisy.sh');
    expect(result.outcome).toBe('succeeded');
    expect(result.response?.body).toHaveLength(LOGGED_BODY_LIMIT);
  });

  it('rejects paths that escape the scripts folder', async () => {
    const dotdot = await deliver('../outside.sh');
    expect(dotdot).toMatchObject({
      outcome: 'rejected',
      error: 'script ../outside.sh resolves outside HOOKLINE_SCRIPTS_DIR',
    });
    const viaLink = await deliver('link.sh');
    expect(viaLink).toMatchObject({
      outcome: 'rejected',
      error: 'script link.sh resolves outside HOOKLINE_SCRIPTS_DIR',
    });
    const absolute = await deliver(join(root, 'outside.sh'));
    expect(absolute.outcome).toBe('rejected');
    expect(absolute.response).toBeNull();
  });

  it('rejects missing, non-executable and directory targets', async () => {
    expect(await deliver('missing.sh')).toMatchObject({
      outcome: 'rejected',
      error: 'script missing.sh does not exist in HOOKLINE_SCRIPTS_DIR',
    });
    expect(await deliver('plain.sh')).toMatchObject({ outcome: 'rejected', error: expect.stringMatching(/EACCES/) });
    expect(await deliver('sub')).toMatchObject({ outcome: 'rejected', error: 'script sub is not a file' });
  });

  it('rejects every script while HOOKLINE_SCRIPTS_DIR is unset', async () => {
    const result = await deliver('echo.sh', {}, { scriptsOff: true });
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: 'script handlers are off: set HOOKLINE_SCRIPTS_DIR',
      response: null,
    });
  });
});
