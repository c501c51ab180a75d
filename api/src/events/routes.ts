import {
  EventAccepted,
  EventInput,
  OPERATIONAL_EVENT_PREFIX,
  PERMISSIONS,
  isOperationalEventType,
  orderingKeyOf,
  workflowIdForEvent,
} from '@hookline/domain';
import { enqueueOrderedEvent } from '@hookline/db';
import { releaseOrderedTurn } from '@hookline/services';
import { v7 as uuidv7 } from 'uuid';
import { resolveEventTypeEntry } from '../catalog/event-types';
import { HttpProblem, validationProblem } from '../http/problem';
import { defineRoute } from '../http/route';

export const eventsRoutes = [
  // Temporal being unreachable surfaces as a 503 with Retry-After from the problem handler.
  defineRoute({
    method: 'post',
    path: '/api/events',
    summary: 'Emit an event; a repeated id answers the first execution',
    tag: 'events',
    access: PERMISSIONS.emit,
    body: EventInput,
    // A hookline.* type is answered 403 whatever the key's role, among the problems every route can answer.
    responses: { 202: { description: 'Accepted and started (or a duplicate)', schema: EventAccepted } },
    handle: async ({ body: input, res }, { database, hookline, metrics, orderings, temporal, validator }) => {
      // Whatever the key's role: a receiver paged by hookline.handler.disabled must be able to trust that Hookline sent it.
      if (isOperationalEventType(input.type)) {
        throw new HttpProblem(
          403,
          `"${input.type}" is one of Hookline's own event types (${OPERATIONAL_EVENT_PREFIX}*): Hookline emits those itself, no API key may.`
        );
      }
      const resolved = await resolveEventTypeEntry(database.db, input.type);
      if (!resolved) throw validationProblem([{ path: 'type', message: `"${input.type}" is not a known event type` }]);
      // A custom type's JSON Schema is enforced here, before anything is started.
      if (resolved.custom) {
        const problems = validator.check(resolved.custom, input.data);
        if (problems.length > 0) throw validationProblem(problems);
      }
      // An event of a type ordered by object takes its place in its key's queue before it is started: the order the
      // API accepts events in is the order they run in. A repeated post keeps the first one's place.
      const ordering =
        (await orderings.of(resolved.type)) === 'object' ? { key: orderingKeyOf(input, resolved.family) } : undefined;
      const id = input.id ?? uuidv7();
      const queued = ordering
        ? await enqueueOrderedEvent(database.db, { key: ordering.key, eventId: id, workflowId: workflowIdForEvent(id) })
        : null;
      const { executionId, workflowId, duplicate } = await hookline.emitEvent(
        { ...input, id, type: resolved.type },
        ordering
      );
      // The event ran before and left the queue: the place just taken for it would hold its key up.
      if (duplicate && queued?.inserted) await releaseOrderedTurn(database.db, temporal, id);
      metrics.eventsAccepted.inc({ duplicate: String(duplicate) });
      res.status(202).location(`/api/executions/${executionId}`).json({ executionId, workflowId, duplicate });
    },
  }),
];
