import { EventInput } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import type { EventDataValidator } from '../catalog/data-validator';
import { resolveEventTypeEntry } from '../catalog/event-types';
import { PERMISSIONS, requireRole } from '../http/auth';
import { validationProblem } from '../http/problem';
import { parseBody } from '../http/validate';

export function eventsRouter({ database, hookline, metrics }: ApiDeps, validator: EventDataValidator): Router {
  const router = express.Router();
  // Temporal being unreachable surfaces as a 503 with Retry-After from the problem handler.
  router.post('/events', requireRole(...PERMISSIONS.emit), async (req, res) => {
    const input = parseBody(req, EventInput);
    const resolved = await resolveEventTypeEntry(database.db, input.type);
    if (!resolved) throw validationProblem([{ path: 'type', message: `"${input.type}" is not a known event type` }]);
    // A custom type's JSON Schema is enforced here, before anything is started.
    if (resolved.custom) {
      const problems = validator.check(resolved.custom, input.data);
      if (problems.length > 0) throw validationProblem(problems);
    }
    const { executionId, workflowId, duplicate } = await hookline.emitEvent({ ...input, type: resolved.type });
    metrics.eventsAccepted.inc({ duplicate: String(duplicate) });
    res.status(202).location(`/api/executions/${executionId}`).json({ executionId, workflowId, duplicate });
  });
  return router;
}
