import type { Db } from '@hookline/db';
import { replayFinishedEvent, type OperationalEvent } from '@hookline/domain';
import type { OperationalEmitResult } from '@hookline/workflows/client';
import type { AnnounceBulkReplayResult } from '@hookline/workflows/activities';
import { bulkReplayProgress } from './bulk';

/** Emits one operational event: `emitOperationalEvent` bound to a Temporal client and task queue. */
export type OperationalEventEmitter = (event: OperationalEvent) => Promise<OperationalEmitResult>;

/**
 * Announces a finished bulk replay as `hookline.replay.finished`, from its recorded row (so the data is what
 * `GET /api/replays/:id` answers). A replay still running, or gone, announces nothing.
 */
export async function announceBulkReplayFinished(
  db: Db,
  emit: OperationalEventEmitter,
  replayId: string
): Promise<AnnounceBulkReplayResult> {
  const progress = await bulkReplayProgress(db, replayId);
  if (!progress) return { emitted: false, eventId: null, suppressed: `there is no bulk replay ${replayId}` };
  const event = replayFinishedEvent(progress);
  if (!event) return { emitted: false, eventId: null, suppressed: `bulk replay ${replayId} is still running` };
  const result = await emit(event);
  return result.emitted
    ? { emitted: true, eventId: result.eventId, duplicate: result.duplicate }
    : { emitted: false, eventId: result.eventId, suppressed: result.suppressed };
}
