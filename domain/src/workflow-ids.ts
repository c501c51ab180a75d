/**
 * Workflow ids, in a module without dependencies: workflow code imports it by value, and every
 * import of the sandbox is bundled into every workflow context.
 */
export function workflowIdForEvent(eventId: string): string {
  return `event-${eventId}`;
}

export function workflowIdForReplay(eventId: string, n: number): string {
  return `event-${eventId}-replay-${n}`;
}

export function workflowIdForBulkReplay(replayId: string): string {
  return `bulk-replay-${replayId}`;
}

/** Replay numbers are settled by trying to start; more collisions than this is a bug, not a race. */
export const MAX_REPLAY_NUMBER_TRIES = 20;

/**
 * Starts a replay under the first free workflow id `event-<eventId>-replay-<n>`, trying `n = first` and up. The
 * number is read from the database before the start, so two replays of one event at the same moment can both read
 * the same `n`; the one that loses Temporal's `REJECT_DUPLICATE` race (`taken(err)`) takes the next number. One
 * loop for every starter: the API's client and the bulk replay's workflow.
 */
export async function startUnderFreeReplayNumber<T>(
  eventId: string,
  first: number,
  start: (workflowId: string) => Promise<T>,
  taken: (err: unknown) => boolean
): Promise<T> {
  for (let n = first; ; n++) {
    try {
      return await start(workflowIdForReplay(eventId, n));
    } catch (err) {
      if (!taken(err) || n >= first + MAX_REPLAY_NUMBER_TRIES - 1) throw err;
    }
  }
}
