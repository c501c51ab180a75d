import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SHUTDOWN_BOUND_MS } from '@hookline/services/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { createHandler, emit, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

const WORKER_MAIN = join(__dirname, '..', '..', 'worker', 'dist', 'main.js');

/** SIGTERM stops a worker within the stated bound, however many handler calls are still waiting on receivers. */
describe('shutdown', () => {
  let stack: Stack;
  let receiver: Receiver;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    receiver.setDefault('/hung', { status: 200, hangMs: 120_000 });
    stack = await startStack();
    await createHandler(stack, { name: 'hung', target: `${receiver.url}/hung`, timeoutMs: 60_000 });
    await publish(stack);
    // From here on only the worker process under test polls this task queue.
    await stack.worker.stop();
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await stack?.stop();
    await receiver?.stop();
  });

  it('stops a worker process with calls in flight within SHUTDOWN_BOUND_MS of SIGTERM', async () => {
    const { config } = stack;
    worker = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env['PATH'] ?? '',
        DATABASE_URL: config.databaseUrl ?? '',
        TEMPORAL_ADDRESS: config.temporalAddress ?? '',
        HOOKLINE_TASK_QUEUE: config.taskQueue,
        HOOKLINE_CACHE_REFRESH: '12h',
        // The receiver is on loopback, which handlers may not reach by default.
        HOOKLINE_TARGET_ALLOW: '127.0.0.0/8',
        HOOKLINE_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => worker?.once('exit', (code) => resolve(code)));
    const events = 5;
    for (let i = 0; i < events; i++) await emit(stack, { id: `shutdown-${randomUUID()}`, type: 'clients.create' });
    await receiver.until(() => receiver.on('/hung').length === events, 60_000);

    const signalledAt = Date.now();
    worker.kill('SIGTERM');
    const code = await exited;
    const tookMs = Date.now() - signalledAt;
    console.log(`worker stopped ${tookMs} ms after SIGTERM with ${events} calls in flight (exit code ${code})`);
    expect(tookMs).toBeLessThanOrEqual(SHUTDOWN_BOUND_MS + 2_000);
  });
});
