import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** What one event costs the engine in history, averaged over a sample of a run's workflows. */
export interface HistoryShape {
  sampled: number;
  /** History events per workflow: every one is a write of the server's. */
  events: number;
  /** Workflow tasks completed per workflow: each is a round trip server → worker → server. */
  workflowTasks: number;
  /** The history's encoded size. */
  bytes: number;
}

/** Reads the histories of these (finished) workflows; null when there is none to read. */
export async function historyShape(client: Client, workflowIds: string[]): Promise<HistoryShape | null> {
  if (workflowIds.length === 0) return null;
  let events = 0;
  let workflowTasks = 0;
  let bytes = 0;
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const list = history.events ?? [];
    events += list.length;
    workflowTasks += list.filter((event) => event.workflowTaskCompletedEventAttributes).length;
    bytes += temporal.api.history.v1.History.encode(history).finish().length;
  }
  const n = workflowIds.length;
  const per = (total: number) => Math.round((total / n) * 10) / 10;
  return { sampled: n, events: per(events), workflowTasks: per(workflowTasks), bytes: Math.round(bytes / n) };
}
