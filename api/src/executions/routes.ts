import { attemptsOfExecution, executionById, searchExecutions } from '@hookline/db';
import { ExecutionIdParams, ExecutionListQuery } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { executionCursor } from './cursor';
import { executionDetail, executionSummary } from './view';
import { PERMISSIONS, requireRole } from '../http/auth';
import { notFound } from '../http/problem';
import { parseParams, parseQuery } from '../http/validate';

export function executionsRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  const { db } = database;

  router.get('/executions', requireRole(...PERMISSIONS.read), async (req, res) => {
    const query = parseQuery(req, ExecutionListQuery);
    const page = await searchExecutions(
      db,
      {
        status: query.status,
        eventType: query.event,
        handlerId: query.handlerId,
        objectId: query.objectId,
        from: query.from,
        to: query.to,
        text: query.q,
      },
      { after: executionCursor.decode(query.cursor), limit: query.limit }
    );
    res.json({
      items: page.rows.map(executionSummary),
      nextCursor: page.next ? executionCursor.encode(page.next) : null,
    });
  });

  router.get('/executions/:id', requireRole(...PERMISSIONS.read), async (req, res) => {
    const { id } = parseParams(req, ExecutionIdParams);
    const row = await executionById(db, id);
    if (!row) throw notFound(`There is no execution ${id}.`);
    res.json(executionDetail(row, await attemptsOfExecution(db, id)));
  });

  return router;
}
