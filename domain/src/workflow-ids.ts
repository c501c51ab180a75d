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
