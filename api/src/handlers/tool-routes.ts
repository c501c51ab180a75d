import { DryRunRequest, NumericIdParams, TestSendRequest } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { dryRun } from './dry-run';
import { testSend } from './test-send';
import { PERMISSIONS, requireRole } from '../http/auth';
import { parseBody, parseOptionalBody, parseParams } from '../http/validate';

export function handlerToolsRouter({ database, deliverer }: ApiDeps): Router {
  const router = express.Router();

  // Reads only: whoever may read handlers may ask why one would not run.
  router.post('/handlers/dry-run', requireRole(...PERMISSIONS.read), async (req, res) => {
    res.json(await dryRun(database.db, parseBody(req, DryRunRequest), new Date()));
  });

  // Calls the handler's target for real, so it is a designer's tool.
  router.post('/handlers/:id/test', requireRole(...PERMISSIONS.design), async (req, res) => {
    const { id } = parseParams(req, NumericIdParams);
    res.json(await testSend(database.db, deliverer, id, parseOptionalBody(req, TestSendRequest)));
  });

  return router;
}
