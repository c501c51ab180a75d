import { type Db, recordExecutionStart } from '@hookline/db';
import { selectHandlers } from '@hookline/domain';
import type { BeganExecution, BeginExecutionInput } from '@hookline/workflows/activities';
import type { HandlerCache } from '../snapshots/handler-cache';

/** The snapshot an execution asked for does not exist: it cannot be planned, now or later. */
export class MissingSnapshotError extends Error {
  constructor(readonly version: number) {
    super(`handler snapshot version ${version} does not exist`);
    this.name = 'MissingSnapshotError';
  }
}

/**
 * Begins an execution: records it (`running`), unless another execution already owns its event, then plans it
 * against the snapshot — the newest, from memory, or for a replay of the original handlers the one its execution ran
 * with — and evaluates the handlers' conditions here rather than on the workflow thread.
 */
export async function beginExecution(
  db: Db,
  handlerCache: HandlerCache,
  { executionId, event, workflowId, runId, replay, ordering }: BeginExecutionInput
): Promise<BeganExecution> {
  const { ownerId } = await recordExecutionStart(db, {
    id: executionId,
    eventId: event.id,
    eventType: event.type,
    objectId: event.objectId,
    payload: event,
    workflowId,
    runId,
    replayOf: replay?.of ?? null,
    orderingKey: ordering?.key ?? null,
    sequenced: ordering?.sequenced ?? null,
  });
  if (ownerId !== executionId) return { owner: false, ownerId };
  const version = replay?.handlers === 'original' ? replay.snapshotVersion : undefined;
  const snapshot = version === undefined ? handlerCache.current() : await handlerCache.byVersion(version);
  if (!snapshot) throw new MissingSnapshotError(version ?? 0);
  return {
    owner: true,
    plan: { snapshotVersion: snapshot.version, ...selectHandlers(snapshot, event, replay?.onlyHandlerIds) },
  };
}
