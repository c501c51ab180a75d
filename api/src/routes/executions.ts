import { attemptsOfExecution, executionById, searchExecutions } from '@hookline/db';
import { canonicalEventType, ExecutionStatus } from '@hookline/workflows/domain';
import type { Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { decodeCursor, encodeCursor } from '../execution-cursor';
import { executionDetail, executionSummary } from '../execution-view';
import { PERMISSIONS, requireRole } from '../middleware/auth';
import { notFound } from '../middleware/problem';
import { parseParams, parseQuery } from '../middleware/validate';
import { NumericIdParams } from '../params';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const ListQuery = z.object({
  status: ExecutionStatus.optional(),
  event: z.string().min(1).max(200).transform(canonicalEventType).optional(),
  handlerId: NumericIdParams.shape.id.optional(),
  objectId: z.string().min(1).max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  cursor: z.string().min(1).max(1000).optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
    .default(DEFAULT_PAGE_SIZE),
});

const ExecutionIdParams = z.object({ id: z.string().min(1).max(200) });

export function executionsRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  const { db } = database;

  router.get('/executions', requireRole(...PERMISSIONS.read), async (req, res) => {
    const query = parseQuery(req, ListQuery);
    const page = await searchExecutions(
      db,
      {
        status: query.status,
        eventType: query.event,
        handlerId: query.handlerId,
        objectId: query.objectId,
        from: query.from,
        to: query.to,
      },
      { after: query.cursor ? decodeCursor(query.cursor) : null, limit: query.limit }
    );
    res.json({ items: page.rows.map(executionSummary), nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  router.get('/executions/:id', requireRole(...PERMISSIONS.read), async (req, res) => {
    const { id } = parseParams(req, ExecutionIdParams);
    const row = await executionById(db, id);
    if (!row) throw notFound(`There is no execution ${id}.`);
    res.json(executionDetail(row, await attemptsOfExecution(db, id)));
  });

  return router;
}
