import {
  Handler,
  HandlerWritten,
  Page,
  TestSendResult,
  type HandlerCreate,
  type HandlerPatch,
  type ReorderRequest,
  type TestSendRequest,
} from '@hookline/domain';
import type { ApiClient } from './client';

const HandlerPage = Page(Handler);

/** The editor keeps every handler, archived ones included, and filters on its side. */
export async function listHandlers(api: ApiClient, signal?: AbortSignal): Promise<Handler[]> {
  const page = await api.get('/api/handlers', { query: { includeArchived: true }, schema: HandlerPage, signal });
  return page.items;
}

export function createHandler(api: ApiClient, input: HandlerCreate): Promise<HandlerWritten> {
  return api.post('/api/handlers', { body: input, schema: HandlerWritten });
}

export function patchHandler(api: ApiClient, id: number, patch: HandlerPatch): Promise<HandlerWritten> {
  return api.patch(`/api/handlers/${id}`, { body: patch, schema: HandlerWritten });
}

export function deleteHandler(api: ApiClient, id: number): Promise<void> {
  return api.delete(`/api/handlers/${id}`);
}

/**
 * Renumbers the event's priorities to 1..n in one transaction; answers the event's handlers. The
 * order must name exactly the event's non-archived handlers, first to run first.
 */
export async function reorderHandlers(api: ApiClient, request: ReorderRequest): Promise<Handler[]> {
  const page = await api.post('/api/handlers/reorder', { body: request, schema: HandlerPage });
  return page.items;
}

/** Sends a sample event to this handler alone; answers the attempt it logged. */
export function testHandler(api: ApiClient, id: number, request: TestSendRequest): Promise<TestSendResult> {
  return api.post(`/api/handlers/${id}/test`, { body: request, schema: TestSendResult });
}
