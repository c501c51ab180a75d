import { BulkReplayCancelError, bulkReplayProgress, ReplayRefusedError } from '@hookline/services';
import {
  BulkReplayRequest,
  BulkReplayStarted,
  ExecutionIdParams,
  PERMISSIONS,
  ReplayProgressStored,
  ReplayRequest,
  ReplayStarted,
  type ReplayRefusal,
} from '@hookline/domain';
import type { AppContext } from '../app-context';
import { HttpProblem, notFound } from '../http/problem';
import { defineRoute, type RouteRequest, type RouteResponse } from '../http/route';

const REFUSAL_TYPES: Record<Exclude<ReplayRefusal, 'not-found'>, string> = {
  running: 'urn:hookline:problem:execution-running',
  'nothing-to-replay': 'urn:hookline:problem:nothing-to-replay',
  'unreadable-event': 'urn:hookline:problem:unreadable-event',
};

function refusalProblem(err: ReplayRefusedError): HttpProblem {
  if (err.reason === 'not-found') return notFound(err.message);
  return new HttpProblem(409, err.message, { type: REFUSAL_TYPES[err.reason], title: 'Cannot replay' });
}

/** Both ways of cancelling a bulk replay answer alike. */
const cancelResponses: Record<number, RouteResponse> = {
  200: { description: 'Stopped', schema: ReplayProgressStored },
  202: { description: 'Still winding down: poll GET /api/replays/{id}', schema: ReplayProgressStored },
};

type CancelRequest = RouteRequest<typeof ExecutionIdParams, undefined, undefined, typeof PERMISSIONS.replay>;

async function cancel({ params: { id }, res }: CancelRequest, { replays }: AppContext): Promise<void> {
  try {
    const progress = await replays.cancelBulkReplay(id);
    // 200 once it has stopped; 202 when it is still winding down (poll GET /api/replays/:id).
    res.status(progress.status === 'running' ? 202 : 200).json(progress);
  } catch (err) {
    if (!(err instanceof BulkReplayCancelError)) throw err;
    if (err.reason === 'not-found') throw notFound(err.message);
    throw new HttpProblem(409, err.message, { title: 'Cannot cancel' });
  }
}

/**
 * Replays (DESIGN §2): one execution again, or every execution a filter matches as a bulk
 * replay that runs as its own workflow and reports progress.
 */
export const replaysRoutes = [
  // The body is optional: no body at all means every handler, with the handlers of then.
  defineRoute({
    method: 'post',
    path: '/api/executions/:id/replay',
    summary: 'Replay one execution (all handlers or the failed ones, with the original or current handlers)',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    body: ReplayRequest,
    bodyOptional: true,
    responses: { 202: { description: 'The replay execution started', schema: ReplayStarted } },
    handle: async ({ params: { id }, body, res }, { replays }) => {
      try {
        const started = await replays.replayExecution(id, body);
        res.status(202).location(`/api/executions/${started.executionId}`).json(started);
      } catch (err) {
        if (err instanceof ReplayRefusedError) throw refusalProblem(err);
        throw err;
      }
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/executions/replay',
    summary: 'Replay every execution a filter matches, as a workflow with bounded concurrency',
    tag: 'replays',
    access: PERMISSIONS.replay,
    body: BulkReplayRequest,
    responses: { 202: { description: 'The bulk replay started', schema: BulkReplayStarted } },
    handle: async ({ body, principal, res }, { replays }) => {
      const started = await replays.startBulkReplay(body, principal.name);
      res.status(202).location(`/api/replays/${started.id}`).json(started);
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/replays/:id',
    summary: 'Progress of a bulk replay',
    tag: 'replays',
    access: PERMISSIONS.read,
    params: ExecutionIdParams,
    responses: { 200: { description: 'Progress', schema: ReplayProgressStored } },
    handle: async ({ params: { id }, res }, { database }) => {
      const progress = await bulkReplayProgress(database.db, id);
      if (!progress) throw notFound(`There is no bulk replay ${id}.`);
      res.json(progress);
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/replays/:id/cancel',
    summary: 'Cancel a bulk replay',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    responses: cancelResponses,
    handle: cancel,
  }),

  defineRoute({
    method: 'delete',
    path: '/api/replays/:id',
    summary: 'Cancel a bulk replay (same as POST …/cancel)',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    responses: cancelResponses,
    handle: cancel,
  }),
];
