import {
  EventAccepted,
  EventInput,
  OPERATIONAL_EVENT_PREFIX,
  PERMISSIONS,
  isOperationalEventType,
  orderingKeyOf,
} from '@hookline/domain';
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
    handle: async ({ body: input, res }, { database, hookline, metrics, orderings, validator }) => {
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
      // The key is settled here, at acceptance: the order the API accepts events in is the order they run in.
      const ordering =
        (await orderings.of(resolved.type)) === 'object' ? { key: orderingKeyOf(input, resolved.family) } : undefined;
      const { executionId, workflowId, duplicate } = await hookline.emitEvent(
        { ...input, type: resolved.type },
        ordering
      );
      metrics.eventsAccepted.inc({ duplicate: String(duplicate) });
      res.status(202).location(`/api/executions/${executionId}`).json({ executionId, workflowId, duplicate });
    },
  }),
];
