import { createHash, randomBytes } from 'node:crypto';
import { insertApiKey, type ApiKeyRole } from '@hookline/db';
import { ReplayRefusedError, replayExecution } from '@hookline/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { type CreatedHandler, createHandler, emit, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

const ONE_ATTEMPT = { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 };

interface Problem {
  status: number;
  type: string;
  errors?: { path: string; message: string }[];
}

interface Started {
  executionId: string;
  workflowId: string;
}

interface ExecutionBody {
  id: string;
  status: string;
  replayOf: string | null;
  snapshotVersion: number | null;
  workflowId: string;
}

describe('replaying one execution', () => {
  let stack: Stack;
  let receiver: Receiver;
  let failing: CreatedHandler;
  let before: number;
  let after: number;
  let original: Started;
  const keys: Partial<Record<ApiKeyRole, string>> = {};

  /** The paths this execution called, in order: every call carries `webhook-id: msg_<executionId>_<handlerId>`. */
  function pathsOf(executionId: string): string[] {
    return receiver.requests
      .filter((r) => String(r.headers['webhook-id']).startsWith(`msg_${executionId}_`))
      .map((r) => r.path);
  }

  async function replay(executionId: string, body?: unknown, key?: string): Promise<Started> {
    const response = await stack.api<Started>('POST', `/api/executions/${executionId}/replay`, body, { key });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/executions/${response.body.executionId}`);
    return response.body;
  }

  async function finished(started: Started): Promise<ExecutionBody> {
    await outcome(stack, { ...started, duplicate: false });
    return (await stack.api<ExecutionBody>('GET', `/api/executions/${started.executionId}`)).body;
  }

  async function addKey(role: ApiKeyRole): Promise<void> {
    const key = `hl_${randomBytes(24).toString('base64url')}`;
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    await insertApiKey(stack.database.db, { name: `${role} key`, role, hash, prefix: key.slice(0, 7) });
    keys[role] = key;
  }

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack();
    for (const role of ['operator', 'designer'] as const) await addKey(role);
    await createHandler(stack, { name: 'a', target: `${receiver.url}/a`, priority: 1 });
    failing = await createHandler(stack, { name: 'b', target: `${receiver.url}/b`, priority: 2, retry: ONE_ATTEMPT });
    await createHandler(stack, { name: 'c', target: `${receiver.url}/c`, priority: 3 });
    // A failure that stops the chain, so that a later handler is skipped.
    await createHandler(stack, {
      name: 'gate',
      event: 'clients.accounts.create',
      target: `${receiver.url}/gate`,
      priority: 1,
      onFailure: 'stop',
      retry: ONE_ATTEMPT,
    });
    await createHandler(stack, {
      name: 'after-gate',
      event: 'clients.accounts.create',
      target: `${receiver.url}/after-gate`,
      priority: 2,
    });
    await createHandler(stack, { name: 'slow', event: 'clients.archive', target: `${receiver.url}/slow` });
    before = (await publish(stack)).version;

    // The run to replay: b answers 500 once, with one attempt allowed, then recovers.
    receiver.script('/b', { status: 500 });
    original = await emit(stack, { id: 'replay-me', type: 'clients.create' });
    expect((await outcome(stack, { ...original, duplicate: false })).status).toBe('failed');
    expect(pathsOf(original.executionId)).toEqual(['/a', '/b', '/c']);

    // Then the handlers change: b moves, d joins. "current" replays see this, "original" ones do not.
    const moved = await stack.api('PATCH', `/api/handlers/${failing.id}`, {
      version: failing.version,
      target: `${receiver.url}/b-new`,
    });
    expect(moved.status).toBe(200);
    await createHandler(stack, { name: 'd', target: `${receiver.url}/d`, priority: 4 });
    after = (await publish(stack)).version;
    expect(after).toBeGreaterThan(before);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('all + original: every handler again, as configured then', async () => {
    const started = await replay(original.executionId, { mode: 'all', handlers: 'original' });
    expect(started.workflowId).toBe('event-replay-me-replay-1');
    const view = await finished(started);
    expect(view).toMatchObject({ status: 'succeeded', replayOf: original.executionId, snapshotVersion: before });
    expect(view.workflowId).toBe('event-replay-me-replay-1');
    expect(pathsOf(started.executionId)).toEqual(['/a', '/b', '/c']);
  });

  it('failed + original: only the handler that failed, at its old target', async () => {
    const started = await replay(original.executionId, { mode: 'failed', handlers: 'original' });
    expect(started.workflowId).toBe('event-replay-me-replay-2');
    expect(await finished(started)).toMatchObject({ status: 'succeeded', replayOf: original.executionId });
    expect(pathsOf(started.executionId)).toEqual(['/b']);
  });

  it('all + current: every handler of the newest snapshot, the new one included', async () => {
    const started = await replay(original.executionId, { mode: 'all', handlers: 'current' });
    expect(started.workflowId).toBe('event-replay-me-replay-3');
    const view = await finished(started);
    expect(view).toMatchObject({ status: 'succeeded', replayOf: original.executionId, snapshotVersion: after });
    expect(pathsOf(started.executionId)).toEqual(['/a', '/b-new', '/c', '/d']);
  });

  it('failed + current: the failed handler as it is configured now, nothing else', async () => {
    const started = await replay(original.executionId, { mode: 'failed', handlers: 'current' });
    expect(started.workflowId).toBe('event-replay-me-replay-4');
    expect(await finished(started)).toMatchObject({ replayOf: original.executionId, snapshotVersion: after });
    expect(pathsOf(started.executionId)).toEqual(['/b-new']);
  });

  it('defaults to all + original without a body, and lets an operator replay', async () => {
    const started = await replay(original.executionId, undefined, keys.operator);
    expect(started.workflowId).toBe('event-replay-me-replay-5');
    expect(await finished(started)).toMatchObject({ snapshotVersion: before });
    expect(pathsOf(started.executionId)).toEqual(['/a', '/b', '/c']);
  });

  it('replays through the typed client with the same id rules', async () => {
    const started = await replayExecution(stack.client, stack.database.db, original.executionId, {
      taskQueue: stack.config.taskQueue,
      mode: 'failed',
    });
    expect(started.workflowId).toBe('event-replay-me-replay-6');
    expect(await finished(started)).toMatchObject({ replayOf: original.executionId, snapshotVersion: before });
    expect(pathsOf(started.executionId)).toEqual(['/b']);

    const refusal = replayExecution(stack.client, stack.database.db, 'no-such-execution', {
      taskQueue: stack.config.taskQueue,
    });
    await expect(refusal).rejects.toBeInstanceOf(ReplayRefusedError);
    await expect(refusal).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('numbers concurrent replays of one event apart, and links a replay of a replay to it', async () => {
    const replays = await Promise.all(
      [original.executionId, original.executionId, original.executionId].map((id) => replay(id, { mode: 'failed' }))
    );
    expect(replays.map((r) => r.workflowId).sort()).toEqual([
      'event-replay-me-replay-7',
      'event-replay-me-replay-8',
      'event-replay-me-replay-9',
    ]);
    await Promise.all(replays.map(finished));

    const ofReplay = await replay(replays[0]!.executionId, { mode: 'all' });
    expect(ofReplay.workflowId).toBe('event-replay-me-replay-10');
    expect(await finished(ofReplay)).toMatchObject({ replayOf: replays[0]!.executionId });
  });

  it('failed mode replays the handlers that were skipped too', async () => {
    receiver.script('/gate', { status: 500 });
    const gated = await emit(stack, { id: 'gated', type: 'clients.accounts.create' });
    expect((await outcome(stack, gated)).counts).toMatchObject({ failed: 1, skipped: 1 });
    const started = await replay(gated.executionId, { mode: 'failed' });
    expect(started.workflowId).toBe('event-gated-replay-1');
    expect(await finished(started)).toMatchObject({ status: 'succeeded' });
    expect(pathsOf(started.executionId)).toEqual(['/gate', '/after-gate']);
  });

  it('refuses a running execution with 409, an unknown one with 404, nothing to replay with 409', async () => {
    receiver.script('/slow', { status: 200, hangMs: 1_500 });
    const running = await emit(stack, { id: 'still-running', type: 'clients.archive' });
    await receiver.until(() => receiver.forEvent('still-running').length === 1);
    const busy = await stack.api('POST', `/api/executions/${running.executionId}/replay`, {});
    expect(busy.status).toBe(409);
    expect(busy.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(busy.body).toMatchObject({ status: 409, type: 'urn:hookline:problem:execution-running' });
    expect((await outcome(stack, running)).status).toBe('succeeded');

    const nothing = await stack.api('POST', `/api/executions/${running.executionId}/replay`, { mode: 'failed' });
    expect(nothing.status).toBe(409);
    expect(nothing.body).toMatchObject({ type: 'urn:hookline:problem:nothing-to-replay' });

    const unknown = await stack.api('POST', '/api/executions/no-such-execution/replay', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('validates the body and the role', async () => {
    const invalid = await stack.api<Problem>('POST', `/api/executions/${original.executionId}/replay`, {
      mode: 'some',
      handlers: 'current',
      extra: true,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((e) => e.path).sort()).toEqual(['extra', 'mode']);
    const designer = await stack.api(
      'POST',
      `/api/executions/${original.executionId}/replay`,
      {},
      {
        key: keys.designer!,
      }
    );
    expect(designer.status).toBe(403);
    // Neither started anything: the next replay still takes the next number.
    const next = await replay(original.executionId, { mode: 'failed' });
    expect(next.workflowId).toBe('event-replay-me-replay-11');
    await finished(next);
  });
});
