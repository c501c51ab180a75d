import { expect } from 'vitest';
import type { Stack } from './stack';

/** Retries in milliseconds, so a test of three attempts takes a fraction of a second. */
export const FAST_RETRY = { maxAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 };

export interface CreatedHandler {
  id: number;
  version: number;
  priority: number;
  name: string;
  secret?: string;
}

export async function createHandler(stack: Stack, fields: Record<string, unknown>): Promise<CreatedHandler> {
  const response = await stack.api<CreatedHandler>('POST', '/api/handlers', {
    event: 'clients.create',
    retry: FAST_RETRY,
    timeoutMs: 2_000,
    ...fields,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function publish(stack: Stack): Promise<{ version: number; changed: boolean }> {
  const response = await stack.api<{ version: number; changed: boolean }>('POST', '/api/cache/refresh');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

export interface Accepted {
  executionId: string;
  workflowId: string;
  duplicate: boolean;
}

export async function emit(stack: Stack, event: Record<string, unknown>): Promise<Accepted> {
  const response = await stack.api<Accepted>('POST', '/api/events', { objectId: '12', data: {}, ...event });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

export interface WorkflowOutcome {
  executionId: string;
  status: 'succeeded' | 'failed' | 'duplicate';
  snapshotVersion: number | null;
  counts: { handlers: number; succeeded: number; failed: number; skipped: number };
}

/** Waits for the event's workflow to finish and answers its result. */
export async function outcome(stack: Stack, accepted: Accepted): Promise<WorkflowOutcome> {
  return stack.client.workflow.getHandle(accepted.workflowId).result() as Promise<WorkflowOutcome>;
}

export interface ExecutionView {
  id: string;
  status: string;
  snapshotVersion: number | null;
  handlers: {
    handlerId: number;
    name: string;
    priority: number;
    status: string;
    attempts: {
      attempt: number;
      status: string;
      error: string | null;
      request: { headers: Record<string, string> } | null;
      response: { status: number | null } | null;
    }[];
  }[];
}

export async function execution(stack: Stack, id: string): Promise<ExecutionView> {
  const response = await stack.api<ExecutionView>('GET', `/api/executions/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
