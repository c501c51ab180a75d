import { type Db, nextReplayNumber, replaySource } from '@hookline/db';
import { v7 as uuidv7 } from 'uuid';
import { planReplay, type ReplayOptions } from '@hookline/domain';
import type { PreparedReplay } from '@hookline/workflows/activities';

/**
 * Plans the replay of one execution from the database: used by `replayExecution()` (the HTTP
 * route and backend services) and, as an activity, by the bulk replay, so all replay alike.
 */
export async function prepareReplay(db: Db, executionId: string, request: ReplayOptions): Promise<PreparedReplay> {
  const source = await replaySource(db, executionId);
  const plan = planReplay(source, request, executionId);
  if (!plan.ok) return plan;
  return {
    ok: true,
    executionId: uuidv7(),
    replayNumber: await nextReplayNumber(db, plan.event.id),
    event: plan.event,
    replay: plan.replay,
    ...(source?.orderingKey ? { ordering: { key: source.orderingKey } } : {}),
  };
}
