import { EventInput } from '@hookline/workflows/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { resolveEventType } from '../event-types';
import { PERMISSIONS, requireRole } from '../middleware/auth';
import { validationProblem } from '../middleware/problem';
import { parseBody } from '../middleware/validate';

export function eventsRouter({ database, hookline }: ApiDeps): Router {
  const router = express.Router();
  // Temporal being unreachable surfaces as a 503 with Retry-After from the problem handler.
  router.post('/events', requireRole(...PERMISSIONS.emit), async (req, res) => {
    const input = parseBody(req, EventInput);
    const type = await resolveEventType(database.db, input.type);
    if (!type) throw validationProblem([{ path: 'type', message: `"${input.type}" is not a known event type` }]);
    const { executionId, workflowId, duplicate } = await hookline.emitEvent({ ...input, type });
    res.status(202).location(`/api/executions/${executionId}`).json({ executionId, workflowId, duplicate });
  });
  return router;
}
