import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BulkReplayRequest,
  type HandlerHealthChange,
  HandlerHealthEventData,
  OPERATIONAL_EVENT_TYPES,
  ReplayFinishedEventData,
  healthChangeEvent,
  workflowIdForBulkReplay,
} from '@hookline/domain';
import { recordBulkReplay } from '@hookline/services';
import { WORKFLOW_BUNDLE_PATH } from '@hookline/worker';
import { emitOperationalEvent, onHandlerHealthChange } from '@hookline/workflows/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { type ReplayProgress, bulkReplayFinished, listExecutions, startBulkReplay } from '../support/bulk-replay';
import type { ReceivedRequest } from '../support/receiver';
import { type CreatedHandler, createHandler, emit, outcome, publish } from '../support/scenario';
import { seedExecutions } from '../support/seed';
import type { Stack } from '../support/stack';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

/** Long enough for a started event to have reached its receiver; used to assert that nothing more arrives. */
const SETTLE_MS = 1_500;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** The standard envelope and headers of DESIGN §1.5, as every handler call carries them. */
function expectStandardEnvelope(request: ReceivedRequest, type: string, id: string, objectId: string): void {
  expect(request.headers['content-type']).toMatch(/^application\/json/);
  expect(request.headers['user-agent']).toMatch(/^hookline\//);
  expect(request.headers['webhook-id']).toEqual(expect.any(String));
  expect(request.headers['webhook-timestamp']).toMatch(/^\d+$/);
  expect(request.json.event).toEqual({
    id,
    events_id: type,
    object_id: objectId,
    dt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    attempt: 1,
  });
}

async function executionsOf(stack: Stack, type: string) {
  return listExecutions(stack, `event=${encodeURIComponent(type)}`);
}

describe("Hookline's own events", () => {
  let renew: CreatedHandler;
  let close: CreatedHandler;
  let onOwnFailing: CreatedHandler;
  let version: number;

  test.beforeAll(async ({ stack, receiver }) => {
    renew = await createHandler(stack, {
      name: 'renew',
      event: 'clients.subscriptions.renew',
      target: `${receiver.url}/renew`,
    });
    close = await createHandler(stack, {
      name: 'close',
      event: 'clients.subscriptions.close',
      target: `${receiver.url}/close`,
    });
    // Operators page on Hookline's events with ordinary handlers.
    await createHandler(stack, {
      name: 'page on replays',
      event: 'hookline.replay.finished',
      target: `${receiver.url}/ops/replay`,
    });
    await createHandler(stack, {
      name: 'page on disabled handlers',
      event: 'hookline.handler.disabled',
      target: `${receiver.url}/ops/disabled`,
    });
    // A handler of an operational event whose receiver is down.
    onOwnFailing = await createHandler(stack, {
      name: 'broken pager',
      event: 'hookline.handler.failing',
      target: `${receiver.url}/ops/failing`,
    });
    receiver.setDefault('/ops/failing', { status: 500 });
    version = (await publish(stack)).version;
  });

  test('the catalogue lists them in a group of their own, Hookline', async ({ stack }) => {
    const catalogue = await stack.api<{ items: { type: string; label: string; group: string; builtIn: boolean }[] }>(
      'GET',
      '/api/catalog/events'
    );
    expect(catalogue.status).toBe(200);
    const hookline = catalogue.body.items.filter((e) => e.group === 'Hookline');
    expect(hookline.map((e) => e.type)).toEqual([...OPERATIONAL_EVENT_TYPES]);
    expect(hookline.every((e) => e.builtIn && e.label.length > 0)).toBe(true);
  });

  test('a handler on hookline.replay.finished gets the end of a bulk replay, in the standard envelope', async ({
    stack,
    receiver,
  }) => {
    const originals = await Promise.all(
      Array.from({ length: 3 }, (_, i) => emit(stack, { id: `ops-renew-${i}`, type: 'clients.subscriptions.renew' }))
    );
    await Promise.all(originals.map((a) => outcome(stack, a)));
    const started = await startBulkReplay(stack, { filter: { event: 'clients.subscriptions.renew' }, concurrency: 2 });
    const finished = await bulkReplayFinished(stack, started.id);
    expect(finished).toMatchObject({ status: 'completed', total: 3, done: 3, failed: 0 });

    await receiver.until(() => receiver.on('/ops/replay').length >= 1);
    const [request] = receiver.on('/ops/replay');
    expectStandardEnvelope(request!, 'hookline.replay.finished', `hookline.replay.finished:${started.id}`, started.id);
    const data = ReplayFinishedEventData.parse(request!.json.data);
    expect(data).toMatchObject({
      replayId: started.id,
      workflowId: started.workflowId,
      status: 'completed',
      total: 3,
      done: 3,
      failed: 0,
      skipped: 0,
      filter: { event: 'clients.subscriptions.renew' },
      error: null,
    });
    expect(data.finishedAt).toEqual(expect.any(String));

    // Through the ordinary pipeline: one execution, workflow event-<id>, logged like any other.
    await stack.client.workflow.getHandle(`event-hookline.replay.finished:${started.id}`).result();
    const logged = await executionsOf(stack, 'hookline.replay.finished');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      eventId: `hookline.replay.finished:${started.id}`,
      workflowId: `event-hookline.replay.finished:${started.id}`,
      status: 'succeeded',
    });
    await settle();
    expect(receiver.on('/ops/replay')).toHaveLength(1);

    // The new path replays deterministically; its history is kept beside the older ones.
    const history = await stack.client.workflow.getHandle(started.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }, history, started.workflowId);
    if (process.env['HOOKLINE_RECORD_HISTORIES'] === '1') {
      writeFileSync(join(HISTORIES, 'bulk-replay-announce-finished.json'), historyToJSON(history));
    }
  });

  test('a cancelled bulk replay announces its end too, as cancelled', async ({ stack, receiver }) => {
    await seedExecutions(
      stack,
      Array.from({ length: 20 }, (_, i) => ({
        eventId: `ops-close-${i}`,
        eventType: 'clients.subscriptions.close',
        status: 'failed' as const,
        handler: { id: close.id, name: close.name, status: 'failed' as const },
        snapshotVersion: version,
      }))
    );
    receiver.setDefault('/close', { status: 200, hangMs: 200 });
    const started = await startBulkReplay(stack, {
      filter: { event: 'clients.subscriptions.close' },
      mode: 'failed',
      concurrency: 1,
    });
    await receiver.until(() => receiver.on('/close').length >= 2);
    const cancelled = await stack.api<ReplayProgress>('POST', `/api/replays/${started.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    await receiver.until(() => receiver.forEvent(`hookline.replay.finished:${started.id}`).length >= 1);
    const data = ReplayFinishedEventData.parse(
      receiver.forEvent(`hookline.replay.finished:${started.id}`)[0]!.json.data
    );
    expect(data).toMatchObject({ replayId: started.id, status: 'cancelled', total: 20 });
    expect(data.done).toBeLessThan(20);
  });

  test('a bulk replay whose workflow is gone is announced by the cancel that settles it', async ({
    stack,
    receiver,
  }) => {
    // A bulk replay recorded as running whose workflow Temporal no longer knows (past its retention, say).
    const replayId = randomUUID();
    await recordBulkReplay(stack.database.db, {
      id: replayId,
      workflowId: workflowIdForBulkReplay(replayId),
      request: BulkReplayRequest.parse({ filter: { event: 'clients.subscriptions.close' } }),
      requestedBy: 'on-call',
    });
    const cancelled = await stack.api<ReplayProgress>('POST', `/api/replays/${replayId}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const id = `hookline.replay.finished:${replayId}`;
    await receiver.until(() => receiver.forEvent(id).length >= 1);
    expect(ReplayFinishedEventData.parse(receiver.forEvent(id)[0]!.json.data)).toMatchObject({
      replayId,
      status: 'cancelled',
      total: null,
      requestedBy: 'on-call',
    });
    await settle();
    expect(receiver.forEvent(id)).toHaveLength(1);
  });

  test('the health listener delivers hookline.handler.disabled once, however often the change is reported', async ({
    stack,
    receiver,
  }) => {
    const listener = onHandlerHealthChange(stack.client, { taskQueue: stack.config.taskQueue });
    const change: HandlerHealthChange = {
      kind: 'disabled',
      handlerId: renew.id,
      handlerName: renew.name,
      event: 'clients.subscriptions.renew',
      reason: 'The receiver answered 410 Gone',
      at: new Date().toISOString(),
    };
    await listener(change);
    await listener(change);
    const third = await emitOperationalEvent(stack.client, healthChangeEvent(change), {
      taskQueue: stack.config.taskQueue,
    });
    const id = `hookline.handler.disabled:${renew.id}:${Date.parse(change.at)}`;
    expect(third).toMatchObject({ emitted: true, duplicate: true, eventId: id });

    await receiver.until(() => receiver.on('/ops/disabled').length >= 1);
    await settle();
    const delivered = receiver.on('/ops/disabled');
    expect(delivered).toHaveLength(1);
    expectStandardEnvelope(delivered[0]!, 'hookline.handler.disabled', id, String(renew.id));
    expect(HandlerHealthEventData.parse(delivered[0]!.json.data)).toEqual({
      handlerId: renew.id,
      handlerName: renew.name,
      event: 'clients.subscriptions.renew',
      reason: 'The receiver answered 410 Gone',
      at: change.at,
    });
    expect(await executionsOf(stack, 'hookline.handler.disabled')).toHaveLength(1);
  });

  test('no loop: a failing handler of a hookline.* event emits nothing about itself', async ({ stack, receiver }) => {
    const listener = onHandlerHealthChange(stack.client, { taskQueue: stack.config.taskQueue });
    // A business handler marked failing: delivered to the broken pager, whose every attempt fails.
    await listener({
      kind: 'failing',
      handlerId: close.id,
      handlerName: close.name,
      event: 'clients.subscriptions.close',
      reason: 'Most calls failed in the last hour',
      at: new Date().toISOString(),
    });
    await receiver.until(() => receiver.on('/ops/failing').length >= 3);
    const [failingRun] = await executionsOf(stack, 'hookline.handler.failing');
    expect(failingRun).toBeDefined();
    await stack.client.workflow.getHandle(failingRun!.workflowId).result();
    expect((await executionsOf(stack, 'hookline.handler.failing')).map((e) => e.status)).toEqual(['failed']);

    // The policy now reports the broken pager's own health changes: none of them is emitted.
    const disabledBefore = receiver.on('/ops/disabled').length;
    const outcomes = [];
    for (const kind of ['failing', 'disabled', 'recovered'] as const) {
      const change: HandlerHealthChange = {
        kind,
        handlerId: onOwnFailing.id,
        handlerName: onOwnFailing.name,
        event: 'hookline.handler.failing',
        reason: 'Every call failed',
        at: new Date().toISOString(),
      };
      await listener(change);
      outcomes.push(
        await emitOperationalEvent(stack.client, healthChangeEvent(change), { taskQueue: stack.config.taskQueue })
      );
    }
    expect(outcomes.map((o) => o.emitted)).toEqual([false, false, false]);
    for (const o of outcomes) {
      await expect(stack.client.workflow.getHandle(`event-${o.eventId}`).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError
      );
    }
    await settle();
    expect(receiver.on('/ops/disabled')).toHaveLength(disabledBefore);
    expect(receiver.on('/ops/failing')).toHaveLength(3);
    expect(await executionsOf(stack, 'hookline.handler.failing')).toHaveLength(1);
    expect(await executionsOf(stack, 'hookline.handler.disabled')).toHaveLength(1);
    expect(await executionsOf(stack, 'hookline.handler.recovered')).toHaveLength(0);

    // Replaying the failed operational event fails again, and the bulk replay of it announces nothing.
    const replayedBefore = (await executionsOf(stack, 'hookline.replay.finished')).length;
    const started = await startBulkReplay(stack, { filter: { event: 'hookline.handler.failing' } });
    expect(await bulkReplayFinished(stack, started.id)).toMatchObject({ status: 'completed', total: 1, failed: 1 });
    await settle();
    expect(receiver.on('/ops/failing')).toHaveLength(6);
    expect(receiver.forEvent(`hookline.replay.finished:${started.id}`)).toHaveLength(0);
    expect(await executionsOf(stack, 'hookline.replay.finished')).toHaveLength(replayedBefore);
  });

  test('no API key may post a hookline.* event', async ({ stack }) => {
    const created = await stack.api<{ key: string }>('POST', '/api/keys', { name: 'billing backend', role: 'service' });
    expect(created.status).toBe(201);
    const before = (await executionsOf(stack, 'hookline.handler.disabled')).length;
    for (const key of [created.body.key, stack.adminKey]) {
      const refused = await stack.api<{ status: number; detail: string }>(
        'POST',
        '/api/events',
        { id: 'spoofed', type: 'hookline.handler.disabled', objectId: renew.id, data: {} },
        { key }
      );
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toMatch(/Hookline's own event types/);
    }
    // The same key may post ordinary events.
    const accepted = await stack.api(
      'POST',
      '/api/events',
      {
        type: 'clients.create',
        objectId: 1,
        data: {},
      },
      { key: created.body.key }
    );
    expect(accepted.status).toBe(202);
    await expect(stack.client.workflow.getHandle('event-spoofed').describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError
    );
    expect(await executionsOf(stack, 'hookline.handler.disabled')).toHaveLength(before);
  });
});
