import { randomUUID } from 'node:crypto';
import { handlerById, recordTestSend, type Db } from '@hookline/db';
import { attemptRecord, attemptRow, compileSnapshotContent, type Deliverer } from '@hookline/services';
import { TEST_EVENT_PREFIX, type HooklineEvent, type TestSendRequest, type TestSendResult } from '@hookline/domain';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { attemptView } from '../executions/view';
import { notFound } from '../http/problem';

type TestSendInput = z.output<typeof TestSendRequest>;

/**
 * One call to one handler, as it is in the table now (published or not, whatever its status),
 * through the worker's own deliverer: same envelope, signatures, target policy and logging. It is
 * filed as a finished execution with event id `test-<uuid>` (also its workflow id: no workflow runs),
 * replayOf null, and one attempt row, so it shows in the executions list and the handler's logs.
 * Exactly one attempt: a test send is not retried.
 */
export async function testSend(
  db: Db,
  deliverer: Deliverer,
  handlerId: number,
  input: TestSendInput
): Promise<TestSendResult> {
  const row = await handlerById(db, handlerId);
  if (!row) throw notFound(`There is no handler ${handlerId}.`);
  const now = new Date();
  const [handler] = compileSnapshotContent([{ ...row, status: 'enabled' }], now).handlers;
  if (!handler) throw new Error(`handler ${handlerId} did not compile`);
  const event: HooklineEvent = {
    id: `${TEST_EVENT_PREFIX}${randomUUID()}`,
    type: row.event,
    objectId: input.objectId,
    occurredAt: now.toISOString(),
    data: input.data,
  };
  const executionId = uuidv7();
  const result = await deliverer.deliver(handler, event, { executionId, attempt: 1, now: () => new Date() });
  const logged = await recordTestSend(db, {
    executionId,
    eventId: event.id,
    eventType: event.type,
    objectId: event.objectId,
    payload: event,
    attempt: attemptRow(attemptRecord(executionId, handler, 1, result)),
  });
  return { ...attemptView(logged), executionId, eventId: event.id, handlerId: handler.id };
}
