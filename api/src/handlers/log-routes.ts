import { handlerAttempts } from '@hookline/db';
import { HandlerLogEntry, HandlerLogsQuery, NumericIdParams, Page, PERMISSIONS } from '@hookline/domain';
import { attemptView } from '../executions/view';
import { keysetCursor } from '../http/keyset-cursor';
import { defineRoute } from '../http/route';

export const handlerLogRoutes = [
  // A deleted handler's attempts stay readable: the log outlives the handler.
  defineRoute({
    method: 'get',
    path: '/api/handlers/:id/logs',
    summary: "One handler's attempts, newest first",
    tag: 'executions',
    access: PERMISSIONS.read,
    params: NumericIdParams,
    query: HandlerLogsQuery,
    responses: { 200: { description: 'A page of attempts', schema: Page(HandlerLogEntry) } },
    handle: async ({ params: { id }, query, res }, { lists }) => {
      const page = await handlerAttempts(
        lists,
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
    },
  }),
];
