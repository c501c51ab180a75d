import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type { ProcessEventInput, ProcessEventResult } from '@hookline/workflows/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { createHandler, emit, execution, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

/**
 * Recording an attempt is separate from making it: a receiver is called again only when its previous answer failed,
 * whatever happens to the log, and no attempt's row is lost.
 */
// Both ways of making a handler's first call: what is recorded, and when, must not depend on it.
describe.each(['local', 'activity'])('attempt recording, first calls as %s', (firstCall) => {
  let stack: Stack;
  let receiver: Receiver;
  let sql: postgres.Sql;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack({ env: { HOOKLINE_FIRST_CALL: firstCall } });
    sql = postgres(stack.config.databaseUrl ?? '', { max: 1, onnotice: () => undefined });
    await createHandler(stack, { name: 'binary', target: `${receiver.url}/binary`, priority: 1 });
    await createHandler(stack, { name: 'logged-late', target: `${receiver.url}/late`, priority: 2 });
    await publish(stack);
  });

  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    await receiver?.stop();
  });

  it('logs an answer PostgreSQL cannot store as text escaped, once, without calling again', async () => {
    receiver.script('/binary', { status: 200, body: 'gz\u0000\u0001binary' });
    const accepted = await emit(stack, { id: `nul-body-${randomUUID()}`, type: 'clients.create' });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');
    const eventId = accepted.workflowId.replace(/^event-/, '');
    expect(receiver.forEvent(eventId).filter((r) => r.path === '/binary')).toHaveLength(1);
    const rows = await sql`select attempt, response_body, escaped from execution_logs
          where execution_id = ${accepted.executionId} and handler_name = 'binary'`;
    expect([...rows]).toEqual([{ attempt: 1, response_body: 'gz\\u0000\u0001binary', escaped: true }]);
  });

  it('delays the row while the log refuses writes, and never calls the receiver again for it', async () => {
    // The log table refuses rows of this handler as an unreachable database would (SQLSTATE 08006) until released,
    // counting its refusals in a sequence (which a refused write's rollback does not undo).
    await sql.unsafe(`
      create table log_outage (on_ boolean not null);
      insert into log_outage values (true);
      create sequence log_refusals;
      create function refuse_late_rows() returns trigger language plpgsql as $$
      begin
        if new.handler_name = 'logged-late' and (select on_ from log_outage) then
          perform nextval('log_refusals');
          raise exception 'log outage' using errcode = '08006';
        end if;
        return new;
      end $$;
      create trigger refuse_late_rows before insert on execution_logs
        for each row execute function refuse_late_rows();`);
    try {
      const accepted = await emit(stack, { id: `log-outage-${randomUUID()}`, type: 'clients.create' });
      const eventId = accepted.workflowId.replace(/^event-/, '');
      // The call is made and answered 200 while its row cannot be written ...
      await receiver.until(() => receiver.forEvent(eventId).some((r) => r.path === '/late'));
      // ... by the call's own tries, and then by the workflow, which took the row over from them.
      const refusals = async () => Number((await sql`select last_value, is_called from log_refusals`)[0]?.last_value);
      await expect.poll(refusals, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      const lateRows = () =>
        sql`select 1 from execution_logs where execution_id = ${accepted.executionId} and handler_name = 'logged-late'`;
      expect([...(await lateRows())]).toHaveLength(0);
      const handle = stack.client.workflow.getHandle(accepted.workflowId);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      // ... then the log comes back, and the row with it.
      await sql`update log_outage set on_ = false`;
      expect((await outcome(stack, accepted)).status).toBe('succeeded');
      expect(receiver.forEvent(eventId).filter((r) => r.path === '/late')).toHaveLength(1);
      const view = await execution(stack, accepted.executionId);
      const late = view.handlers.find((h) => h.name === 'logged-late');
      expect(late?.attempts.map((a) => [a.attempt, a.status, a.response?.status])).toEqual([[1, 'succeeded', 200]]);
    } finally {
      await sql.unsafe(`drop trigger refuse_late_rows on execution_logs; drop function refuse_late_rows();
        drop sequence log_refusals; drop table log_outage;`);
    }
  });

  it('ends an event the database cannot store failed, with the reason, instead of running forever', async () => {
    // Started straight through Temporal, past the API's checks, as a backend service may.
    const event = {
      id: `unstorable-${randomUUID()}`,
      type: 'clients.create',
      objectId: '12',
      occurredAt: new Date().toISOString(),
      data: { name: 'nul\u0000byte' },
    };
    const executionId = randomUUID();
    const result = await stack.client.workflow.execute<(input: ProcessEventInput) => Promise<ProcessEventResult>>(
      'processEvent',
      { taskQueue: stack.config.taskQueue, workflowId: `event-${event.id}`, args: [{ event, executionId }] }
    );
    expect(result).toMatchObject({ executionId, status: 'failed' });
    const response = await stack.api<{ status: string; error: string; event: { data: { name: string } } }>(
      'GET',
      `/api/executions/${executionId}`
    );
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('failed');
    expect(response.body.error).toMatch(/could not be stored.*SQLSTATE 22/);
    expect(response.body.event.data.name).toBe('nul\\u0000byte');
  });
});
