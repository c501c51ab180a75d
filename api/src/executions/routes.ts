import { attemptsOfExecution, executionById, searchExecutions } from '@hookline/db';
import {
  ExecutionDetail,
  ExecutionIdParams,
  ExecutionListQuery,
  ExecutionSummary,
  Page,
  PERMISSIONS,
} from '@hookline/domain';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { executionCursor } from './cursor';
import { executionDetail, executionSummary } from './view';

export const executionsRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/executions',
    summary: 'A page of executions, newest first',
    tag: 'executions',
    access: PERMISSIONS.read,
    query: ExecutionListQuery,
    responses: { 200: { description: 'A page of executions', schema: Page(ExecutionSummary) } },
    handle: async ({ query, res }, { lists }) => {
      const page = await searchExecutions(
        lists,
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
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/executions/:id',
    summary: "One execution with every handler's attempts in order",
    tag: 'executions',
    access: PERMISSIONS.read,
    params: ExecutionIdParams,
    responses: { 200: { description: 'The execution', schema: ExecutionDetail } },
    handle: async ({ params: { id }, res }, { database }) => {
      const row = await executionById(database.db, id);
      if (!row) throw notFound(`There is no execution ${id}.`);
      res.json(executionDetail(row, await attemptsOfExecution(database.db, id)));
    },
  }),
];
