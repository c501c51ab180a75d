import {
  BulkReplayStarted,
  ExecutionDetail,
  ExecutionSummary,
  Page,
  ReplayProgress,
  ReplayStarted,
  type ExecutionStatus,
  type ReplayOptions,
} from '@hookline/domain';
import type { z } from 'zod';
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

export function replayExecution(api: ApiClient, id: string, options: ReplayOptions): Promise<ReplayStarted> {
  return api.post(`/api/executions/${encodeURIComponent(id)}/replay`, { body: options, schema: ReplayStarted });
}

export interface BulkReplayRequest extends ReplayOptions {
  filter: ExecutionFilter;
  concurrency: number;
}

/** Answers the bulk replay's id, by which `GET /api/replays/:id` reports its progress. */
export async function startBulkReplay(api: ApiClient, request: BulkReplayRequest): Promise<string> {
  return (await api.post('/api/executions/replay', { body: request, schema: BulkReplayStarted })).id;
}

export function getReplayProgress(api: ApiClient, id: string, signal?: AbortSignal): Promise<ReplayProgress> {
  return api.get(`/api/replays/${encodeURIComponent(id)}`, { schema: ReplayProgress, signal });
}

/** Statuses in which a bulk replay will not move any more. */
export function isFinished(progress: ReplayProgress): boolean {
  return progress.status !== 'running';
}
