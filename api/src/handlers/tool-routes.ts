import {
  DryRunRequest,
  DryRunResult,
  NumericIdParams,
  PERMISSIONS,
  TestSendRequest,
  TestSendResult,
} from '@hookline/domain';
import { defineRoute } from '../http/route';
import { dryRun } from './dry-run';
import { testSend } from './test-send';

export const handlerToolRoutes = [
  // Reads only: whoever may read handlers may ask why one would not run.
  defineRoute({
    method: 'post',
    path: '/api/handlers/dry-run',
    summary: 'Which handlers an event would run now, in which order, and why the others would not',
    tag: 'handlers',
    access: PERMISSIONS.read,
    body: DryRunRequest,
    responses: { 200: { description: 'The plan, against the newest snapshot', schema: DryRunResult } },
    handle: async ({ body, res }, { database }) => {
      res.json(await dryRun(database.db, body, new Date()));
    },
  }),

  // Calls the handler's target for real, so it is a designer's tool.
  defineRoute({
    method: 'post',
    path: '/api/handlers/:id/test',
    summary: 'Send a sample event to this handler alone (its current version) and log the attempt',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    body: TestSendRequest,
    bodyOptional: true,
    responses: {
      200: {
        description: 'The logged attempt (a failed call is still a 200: the attempt says how it failed)',
        schema: TestSendResult,
      },
    },
    handle: async ({ params: { id }, body, principal, res }, { database, deliverer }) => {
      res.json(await testSend(database.db, deliverer, id, body, principal.role));
    },
  }),
];
