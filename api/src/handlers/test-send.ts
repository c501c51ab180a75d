import { randomUUID } from 'node:crypto';
import { handlerById, recordTestSend, type Db } from '@hookline/db';
import { attemptRecord, attemptRow, compileSnapshotContent, isPublicAddress, type Deliverer } from '@hookline/services';
import {
  TEST_EVENT_PREFIX,
  type ApiKeyRole,
  type HooklineEvent,
  type TestSendRequest,
  type TestSendResult,
} from '@hookline/domain';
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
 *
 * The answer goes back to the caller, so a designer could otherwise point a handler at a service on
 * the operator's network (the Temporal UI, an internal admin page) and read it through Hookline:
 * unless the caller is an admin, the response's headers and body are left out of the answer when the
 * address that answered is not public, or not known. The execution log keeps them, as for any call.
 */
export async function testSend(
  db: Db,
  deliverer: Deliverer,
  handlerId: number,
  input: TestSendInput,
  role: ApiKeyRole
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
  const result = await deliverer.deliver(handler, event, {
    executionId,
    attempt: 1,
    now: () => new Date(),
    // Its own connection, so that the result names the address that answered.
    ownConnection: true,
  });
  const logged = await recordTestSend(db, {
    executionId,
    eventId: event.id,
    eventType: event.type,
    objectId: event.objectId,
    payload: event,
    attempt: attemptRow(attemptRecord(executionId, handler, 1, result)),
  });
  const view = { ...attemptView(logged), executionId, eventId: event.id, handlerId: handler.id };
  const readable = role === 'admin' || (result.remoteAddress !== undefined && isPublicAddress(result.remoteAddress));
  return readable ? view : withoutResponseContent(view);
}

/** The status stays (it says whether the call worked); headers and body go, and with them a redirect's target. */
function withoutResponseContent(view: TestSendResult): TestSendResult {
  if (!view.response) return view;
  const status = view.response.status;
  const redirect = status !== null && status >= 300 && status <= 399;
  return {
    ...view,
    response: { status, headers: {}, body: null },
    // The delivery quotes a redirect's Location header in the error; the status line alone is enough here.
    error:
      redirect && view.error !== null
        ? view.error.replace(/ \(redirect to .*\)$/, ' (redirects are not followed)')
        : view.error,
  };
}
