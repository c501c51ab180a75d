import { expect } from 'vitest';
import type { Stack } from './stack';

export interface ReplayProgress {
  id: string;
  workflowId: string;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  total: number | null;
  done: number;
  failed: number;
  skipped: number;
}

export interface ListedExecution {
  id: string;
  eventId: string;
  status: string;
  replayOf: string | null;
  workflowId: string;
}

export async function startBulkReplay(stack: Stack, body: unknown): Promise<{ id: string; workflowId: string }> {
  const response = await stack.api<{ id: string; workflowId: string }>('POST', '/api/executions/replay', body);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.headers.get('location')).toBe(`/api/replays/${response.body.id}`);
  return response.body;
}

export async function replayProgress(stack: Stack, id: string): Promise<ReplayProgress> {
  const response = await stack.api<ReplayProgress>('GET', `/api/replays/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Polls the progress until the bulk replay is over, and answers it. */
export async function bulkReplayFinished(stack: Stack, id: string, timeoutMs = 40_000): Promise<ReplayProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await replayProgress(stack, id);
    if (current.status !== 'running') return current;
    if (Date.now() > deadline) throw new Error(`bulk replay ${id} still running: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `GET /api/executions` with these query parameters, up to 200 rows. */
export async function listExecutions(stack: Stack, query: string): Promise<ListedExecution[]> {
  const response = await stack.api<{ items: ListedExecution[] }>('GET', `/api/executions?limit=200&${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items;
}
