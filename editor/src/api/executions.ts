import {
  ExecutionDetail,
  ExecutionSummary,
  Page,
  ReplayProgress as ReplayProgressSchema,
  type ExecutionStatus,
  type ReplayHandlers,
  type ReplayMode,
} from '@hookline/domain';
import { z } from 'zod';
import type { ApiClient } from './client';

/** The filters of the executions table, as the API's query parameters name them. */
export interface ExecutionFilter {
  status?: ExecutionStatus | undefined;
  event?: string | undefined;
  handlerId?: number | undefined;
  objectId?: string | undefined;
  /** ISO 8601 instants: inclusive lower bound, exclusive upper bound on the start time. */
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const ExecutionPage = Page(ExecutionSummary);
export type ExecutionPage = z.infer<typeof ExecutionPage>;

export function listExecutions(
  api: ApiClient,
  filter: ExecutionFilter,
  page: { cursor?: string | null; limit?: number } = {},
  signal?: AbortSignal
): Promise<ExecutionPage> {
  return api.get('/api/executions', {
    query: { ...filter, cursor: page.cursor ?? undefined, limit: page.limit },
    schema: ExecutionPage,
    signal,
  });
}

export function getExecution(api: ApiClient, id: string, signal?: AbortSignal): Promise<ExecutionDetail> {
  return api.get(`/api/executions/${encodeURIComponent(id)}`, { schema: ExecutionDetail, signal });
}

export interface ReplayOptions {
  mode: ReplayMode;
  handlers: ReplayHandlers;
}

const ReplayStarted = z.object({ executionId: z.string(), workflowId: z.string() });
export type ReplayStarted = z.infer<typeof ReplayStarted>;

export function replayExecution(api: ApiClient, id: string, options: ReplayOptions): Promise<ReplayStarted> {
  return api.post(`/api/executions/${encodeURIComponent(id)}/replay`, { body: options, schema: ReplayStarted });
}

export interface BulkReplayRequest extends ReplayOptions {
  filter: ExecutionFilter;
  concurrency: number;
}

const BulkStarted = z.object({ id: z.union([z.string(), z.number()]).transform(String) });

export async function startBulkReplay(api: ApiClient, request: BulkReplayRequest): Promise<string> {
  return (await api.post('/api/executions/replay', { body: request, schema: BulkStarted })).id;
}

export type ReplayProgress = z.infer<typeof ReplayProgressSchema>;

export function getReplayProgress(api: ApiClient, id: string, signal?: AbortSignal): Promise<ReplayProgress> {
  return api.get(`/api/replays/${encodeURIComponent(id)}`, { schema: ReplayProgressSchema, signal });
}

/** Statuses in which a bulk replay will not move any more. */
export function isFinished(progress: ReplayProgress): boolean {
  return progress.status !== 'running';
}
