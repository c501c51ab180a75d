import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { CALL_UNDER_WAY, recordExecutionStart } from '@hookline/db';
import { webhookId } from '@hookline/domain';
import type { ProcessEventInput, ProcessEventResult } from '@hookline/workflows/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { type CreatedHandler, createHandler, emit, execution, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

/** How many events of each kind a workflow's history holds. */
async function historyCounts(stack: Stack, workflowId: string): Promise<{ tasks: number; activities: number }> {
  const { events } = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return {
    tasks: (events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length,
    activities: (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length,
  };
}

/**
 * `HOOKLINE_FIRST_CALL=local`: each handler's first call runs inside the workflow task. The log, the attempt numbers
 * and the calls a receiver gets stay what they are with activities; a worker that stopped during a call leaves a row
 * saying so, and the next run of the task goes on to the next attempt instead of calling again as the same one.
 */
describe('first calls as local activities', () => {
  let stack: Stack;
  let receiver: Receiver;
  let sql: postgres.Sql;
  let first: CreatedHandler;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack({ env: { HOOKLINE_FIRST_CALL: 'local' } });
    sql = postgres(stack.config.databaseUrl ?? '', { max: 1, onnotice: () => undefined });
    first = await createHandler(stack, { name: 'first', target: `${receiver.url}/first`, priority: 1 });
    await createHandler(stack, { name: 'second', target: `${receiver.url}/second`, priority: 2 });
    await publish(stack);
  });

  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    await receiver?.stop();
  });

  it('runs an event whose handlers answer at once in one workflow task, one row per call', async () => {
    const accepted = await emit(stack, { id: `local-${randomUUID()}`, type: 'clients.create' });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');

    expect(await historyCounts(stack, accepted.workflowId)).toEqual({ tasks: 1, activities: 0 });
    const view = await execution(stack, accepted.executionId);
    expect(
      view.handlers.map((h) => [h.name, h.attempts.map((a) => [a.attempt, a.status, a.response?.status])])
    ).toEqual([
      ['first', [[1, 'succeeded', 200]]],
      ['second', [[1, 'succeeded', 200]]],
    ]);
    const eventId = accepted.workflowId.replace(/^event-/, '');
    expect(receiver.forEvent(eventId).map((r) => r.path)).toEqual(['/first', '/second']);
  });

  it('retries a failed first call as an activity, numbered on from it', async () => {
    receiver.script('/first', { status: 503 }, { status: 200 });
    const accepted = await emit(stack, { id: `local-retry-${randomUUID()}`, type: 'clients.create' });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');

    // The retry is the one activity; the second handler's first call is local again.
    expect((await historyCounts(stack, accepted.workflowId)).activities).toBe(1);
    const view = await execution(stack, accepted.executionId);
    const attempts = view.handlers.find((h) => h.name === 'first')?.attempts;
    expect(attempts?.map((a) => [a.attempt, a.status, a.response?.status])).toEqual([
      [1, 'failed', 503],
      [2, 'succeeded', 200],
    ]);
    const eventId = accepted.workflowId.replace(/^event-/, '');
    expect(receiver.forEvent(eventId).map((r) => [r.path, r.headers['webhook-id']])).toEqual([
      ['/first', webhookId(accepted.executionId, first.id)],
      ['/first', webhookId(accepted.executionId, first.id)],
      ['/second', expect.any(String)],
    ]);
  });

  /**
   * What a workflow task run again finds after its worker stopped: the execution recorded, and the first handler's
   * attempt 1 either claimed by a call that never answered, or made and logged before the task was lost.
   */
  async function afterLostTask(found: 'claim' | 'logged row') {
    const event = {
      id: `lost-${randomUUID()}`,
      type: 'clients.create',
      objectId: '12',
      occurredAt: new Date().toISOString(),
      data: {},
    };
    const executionId = randomUUID();
    const workflowId = `event-${event.id}`;
    await recordExecutionStart(stack.database.db, {
      id: executionId,
      eventId: event.id,
      eventType: event.type,
      objectId: event.objectId,
      payload: event,
      workflowId,
      runId: 'an earlier run',
      replayOf: null,
    });
    if (found === 'claim') {
      await sql`insert into attempt_claims (execution_id, handler_id, attempt) values (${executionId}, ${first.id}, 1)`;
    } else {
      await sql`insert into execution_logs (execution_id, handler_id, handler_name, priority, attempt, status,
          response_status, started_at)
        values (${executionId}, ${first.id}, 'first', 1, 1, 'succeeded', 200, now())`;
    }
    const result = await stack.client.workflow.execute<(input: ProcessEventInput) => Promise<ProcessEventResult>>(
      'processEvent',
      { taskQueue: stack.config.taskQueue, workflowId, args: [{ event, executionId }] }
    );
    return { result, eventId: event.id, executionId };
  }

  it('logs an attempt whose call was under way as its worker stopped without an outcome, then makes attempt 2', async () => {
    const { result, eventId, executionId } = await afterLostTask('claim');

    expect(result.status).toBe('succeeded');
    const view = await execution(stack, executionId);
    const attempts = view.handlers.find((h) => h.name === 'first')?.attempts;
    expect(attempts?.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 'failed', CALL_UNDER_WAY],
      [2, 'succeeded', null],
    ]);
    // Attempt 1 is not made again under its number: the receiver gets attempt 2 only.
    expect(receiver.forEvent(eventId).map((r) => r.path)).toEqual(['/first', '/second']);
  });

  it('does not call again for an attempt whose answer was logged before its worker stopped', async () => {
    const { result, eventId, executionId } = await afterLostTask('logged row');

    expect(result).toMatchObject({ status: 'succeeded', counts: { succeeded: 2, failed: 0 } });
    const view = await execution(stack, executionId);
    expect(view.handlers.find((h) => h.name === 'first')?.attempts).toHaveLength(1);
    expect(receiver.forEvent(eventId).map((r) => r.path)).toEqual(['/second']);
  });

  it('leaves no claim behind: each is released by the row of its attempt', async () => {
    const rows = await sql`select count(*)::int as n from attempt_claims`;
    expect(rows[0]?.n).toBe(0);
    const logged = await sql`select count(*)::int as n from execution_logs where error = ${CALL_UNDER_WAY}`;
    // Only the one lost call the test above set up.
    expect(logged[0]?.n).toBe(1);
  });
});
