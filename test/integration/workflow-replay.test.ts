import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_BUNDLE_PATH } from '@hookline/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { createHandler, emit, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');
const replayOptions = { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };

/**
 * Histories recorded from earlier versions of the workflows must replay on the current code:
 * otherwise a deploy would break executions that are still running. Record new ones with
 * `HOOKLINE_RECORD_HISTORIES=1 npm test -- workflow-replay` after a deliberate, patched change.
 */
describe('workflow replay', () => {
  it('replays every recorded history on the current workflow code', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(replayOptions, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });

  // Both ways of making a handler's first call: as an activity, and as a local activity inside the workflow task.
  describe.each([
    { firstCall: 'activity', suffix: '' },
    { firstCall: 'local', suffix: '-local' },
  ])('a live execution, first calls as $firstCall', ({ firstCall, suffix }) => {
    let stack: Stack;
    let receiver: Receiver;

    beforeAll(async () => {
      receiver = await new Receiver().start();
      stack = await startStack({ env: { HOOKLINE_FIRST_CALL: firstCall } });
      await createHandler(stack, { name: 'first', target: `${receiver.url}/first`, priority: 1, onFailure: 'stop' });
      await createHandler(stack, { name: 'second', target: `${receiver.url}/second`, priority: 2 });
      await createHandler(stack, {
        name: 'only-debtors',
        target: `${receiver.url}/debtors`,
        priority: 3,
        condition: { path: 'data.balance', op: 'lt', value: 0 },
      });
      await publish(stack);
    });

    afterAll(async () => {
      await stack?.stop();
      await receiver?.stop();
    });

    it('replays deterministically, including a retry and a stop', async () => {
      receiver.script('/first', { status: 503 }, { status: 200 });
      const retried = await emit(stack, { id: `replay-retry${suffix}`, type: 'clients.create', data: { balance: -5 } });
      expect((await outcome(stack, retried)).status).toBe('succeeded');
      receiver.script('/first', { status: 400 });
      const stopped = await emit(stack, { id: `replay-stop${suffix}`, type: 'clients.create', data: { balance: 5 } });
      expect((await outcome(stack, stopped)).status).toBe('failed');

      for (const accepted of [retried, stopped]) {
        const history = await stack.client.workflow.getHandle(accepted.workflowId).fetchHistory();
        await Worker.runReplayHistory(replayOptions, history, accepted.workflowId);
        if (process.env['HOOKLINE_RECORD_HISTORIES'] === '1') {
          writeFileSync(join(HISTORIES, `process-event-${accepted.workflowId}.json`), historyToJSON(history));
        }
      }
    });
  });

  describe('events of a type ordered by object', () => {
    let stack: Stack;
    let receiver: Receiver;

    beforeAll(async () => {
      receiver = await new Receiver().start();
      stack = await startStack();
      await createHandler(stack, { name: 'ordered', event: 'clients.update', target: `${receiver.url}/ordered` });
      await publish(stack);
      expect((await stack.api('PATCH', '/api/catalog/events/clients.update', { ordering: 'object' })).status).toBe(200);
    });

    afterAll(async () => {
      await stack?.stop();
      await receiver?.stop();
    });

    it('replays deterministically: a retried event, and the one that waited behind it', async () => {
      receiver.script('/ordered', { status: 503 }, { status: 200 }, { status: 200 });
      const first = await emit(stack, { id: 'replay-ordered-1', type: 'clients.update', objectId: 'r' });
      const second = await emit(stack, { id: 'replay-ordered-2', type: 'clients.update', objectId: 'r' });
      expect((await outcome(stack, first)).status).toBe('succeeded');
      expect((await outcome(stack, second)).status).toBe('succeeded');

      for (const workflowId of [first.workflowId, second.workflowId]) {
        const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
        await Worker.runReplayHistory(replayOptions, history, workflowId);
        if (process.env['HOOKLINE_RECORD_HISTORIES'] === '1') {
          writeFileSync(join(HISTORIES, `process-event-${workflowId}.json`), historyToJSON(history));
        }
      }
    });
  });
});
