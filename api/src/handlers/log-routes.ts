import { handlerAttempts } from '@hookline/db';
import { HandlerLogsQuery, NumericIdParams, type HandlerLogEntry } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { attemptView } from '../executions/view';
import { keysetCursor } from '../http/keyset-cursor';
import { PERMISSIONS, requireRole } from '../http/auth';
import { parseParams, parseQuery } from '../http/validate';

/** A deleted handler's attempts stay readable: the log outlives the handler. */
export function handlerLogsRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  router.get('/handlers/:id/logs', requireRole(...PERMISSIONS.read), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    const query = parseQuery(req, HandlerLogsQuery);
    const page = await handlerAttempts(
      database.db,
      id,
      { status: query.status, from: query.from, to: query.to },
      { after: keysetCursor.decode(query.cursor), limit: query.limit }
    );
    const items = page.rows.map((row): HandlerLogEntry => ({
      id: row.id,
      executionId: row.executionId,
      handlerId: row.handlerId,
      name: row.handlerName,
      priority: row.priority,
      ...attemptView(row),
    }));
    res.json({ items, nextCursor: page.next ? keysetCursor.encode(page.next) : null });
  });
  return router;
}
