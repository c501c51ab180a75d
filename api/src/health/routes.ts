import { HealthStatus } from '@hookline/domain';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';

export type CheckStatus = 'ok' | 'down' | 'unknown';

// A health probe must answer quickly even when a dependency hangs.
const CHECK_TIMEOUT_MS = 2_000;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(log: ApiDeps['log'], name: string, probe: () => Promise<boolean>): Promise<CheckStatus> {
  try {
    return (await within(CHECK_TIMEOUT_MS, probe())) ? 'ok' : 'down';
  } catch (err) {
    log.debug({ err, check: name }, 'health check failed');
    return 'down';
  }
}

/** Unauthenticated: load balancers and `npm start` poll it. Says which part is down, never why. */
export const healthRoute = defineRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness and readiness of PostgreSQL, Temporal and the worker',
  tag: 'operations',
  access: 'public',
  responses: {
    200: { description: 'Everything is up', schema: HealthStatus },
    503: { description: 'Something is down', schema: HealthStatus },
  },
  handle: async ({ res }, { config, database, temporal, log }) => {
    const deadline = () => Date.now() + CHECK_TIMEOUT_MS;
    const [databaseStatus, temporalStatus] = await Promise.all([
      check(log, 'database', async () => (await database.ping(), true)),
      check(log, 'temporal', async () => {
        await temporal.connection.withDeadline(deadline(), () => temporal.workflowService.getSystemInfo({}));
        return true;
      }),
    ]);
    const workerStatus: CheckStatus =
      temporalStatus === 'ok'
        ? await check(log, 'worker', async () => {
            const queue = await temporal.connection.withDeadline(deadline(), () =>
              temporal.workflowService.describeTaskQueue({
                namespace: config.temporalNamespace,
                taskQueue: { name: config.taskQueue },
                taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
              })
            );
            return (queue.pollers?.length ?? 0) > 0;
          })
        : 'unknown';
    const checks = { database: databaseStatus, temporal: temporalStatus, worker: workerStatus };
    const healthy = Object.values(checks).every((s) => s === 'ok');
    const body: HealthStatus = {
      status: healthy ? 'ok' : 'degraded',
      checks,
      temporalNamespace: config.temporalNamespace,
      ...(config.temporalUiUrl ? { temporalUiUrl: config.temporalUiUrl } : {}),
    };
    res.status(healthy ? 200 : 503).json(body);
  },
});
