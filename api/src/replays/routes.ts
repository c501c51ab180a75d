import { BulkReplayCancelError, bulkReplayProgress, ReplayRefusedError } from '@hookline/workflows/client';
import { BulkReplayRequest, ReplayRequest, type ReplayRefusal } from '@hookline/domain';
import type { Request, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { PERMISSIONS, principalOf, requireRole } from '../http/auth';
import { HttpProblem, notFound } from '../http/problem';
import { parseBody, parseParams } from '../http/validate';
import { bindReplayTemporal, type ReplayTemporal } from './temporal';

const IdParams = z.object({ id: z.string().min(1).max(200) });

const REFUSAL_TYPES: Record<Exclude<ReplayRefusal, 'not-found'>, string> = {
  running: 'urn:hookline:problem:execution-running',
  'nothing-to-replay': 'urn:hookline:problem:nothing-to-replay',
  'unreadable-event': 'urn:hookline:problem:unreadable-event',
};

function refusalProblem(err: ReplayRefusedError): HttpProblem {
  if (err.reason === 'not-found') return notFound(err.message);
  return new HttpProblem(409, err.message, { type: REFUSAL_TYPES[err.reason], title: 'Cannot replay' });
}

/** The body is optional here: no body at all means every handler, with the handlers of then. */
function replayOptions(req: Request): ReplayRequest {
  if (req.body === undefined && !req.headers['content-type']) return ReplayRequest.parse({});
  return parseBody(req, ReplayRequest);
}

/**
 * Replays (DESIGN §2): one execution again, or every execution a filter matches as a bulk
 * replay that runs as its own workflow and reports progress.
 */
export function replaysRouter(
  deps: ApiDeps,
  replays: ReplayTemporal = bindReplayTemporal(deps.temporal, deps.database.db, deps.config)
): Router {
  const router = express.Router();
  const { db } = deps.database;

  router.post('/executions/replay', requireRole(...PERMISSIONS.replay), async (req, res) => {
    const request = parseBody(req, BulkReplayRequest);
    const started = await replays.startBulkReplay(request, principalOf(req).name);
    res.status(202).location(`/api/replays/${started.id}`).json(started);
  });

  router.post('/executions/:id/replay', requireRole(...PERMISSIONS.replay), async (req, res) => {
    const { id } = parseParams(req, IdParams);
    const request = replayOptions(req);
    try {
      const started = await replays.replayExecution(id, request);
      res.status(202).location(`/api/executions/${started.executionId}`).json(started);
    } catch (err) {
      if (err instanceof ReplayRefusedError) throw refusalProblem(err);
      throw err;
    }
  });

  router.get('/replays/:id', requireRole(...PERMISSIONS.read), async (req, res) => {
    const { id } = parseParams(req, IdParams);
    const progress = await bulkReplayProgress(db, id);
    if (!progress) throw notFound(`There is no bulk replay ${id}.`);
    res.json(progress);
  });

  const cancel: express.RequestHandler = async (req, res) => {
    const { id } = parseParams(req, IdParams);
    try {
      const progress = await replays.cancelBulkReplay(id);
      // 200 once it has stopped; 202 when it is still winding down (poll GET /api/replays/:id).
      res.status(progress.status === 'running' ? 202 : 200).json(progress);
    } catch (err) {
      if (!(err instanceof BulkReplayCancelError)) throw err;
      if (err.reason === 'not-found') throw notFound(err.message);
      throw new HttpProblem(409, err.message, { title: 'Cannot cancel' });
    }
  };
  router.post('/replays/:id/cancel', requireRole(...PERMISSIONS.replay), cancel);
  router.delete('/replays/:id', requireRole(...PERMISSIONS.replay), cancel);

  return router;
}
