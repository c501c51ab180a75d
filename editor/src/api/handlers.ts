import { Attempt, Handler, Page, type HandlerCreate, type HandlerPatch } from '@hookline/domain';
import { z } from 'zod';
import type { ApiClient } from './client';

const HandlerPage = Page(Handler);

/** A write's answer: `secret` is there only when the server generated one, the one time it is shown. */
const WrittenHandler = Handler.extend({ secret: z.string().optional() });
export type WrittenHandler = z.infer<typeof WrittenHandler>;

export interface ReorderRequest {
  event: string;
  /** Exactly the event's non-archived handlers, first to run first. */
  order: number[];
}

/** What "send test event" sends: the sample the inspector shows, for this handler's event type. */
export interface TestEventRequest {
  objectId: string;
  data: Record<string, unknown>;
}

/** The editor keeps every handler, archived ones included, and filters on its side. */
export async function listHandlers(api: ApiClient, signal?: AbortSignal): Promise<Handler[]> {
  const page = await api.get('/api/handlers', { query: { includeArchived: true }, schema: HandlerPage, signal });
  return page.items;
}

export function createHandler(api: ApiClient, input: HandlerCreate): Promise<WrittenHandler> {
  return api.post('/api/handlers', { body: input, schema: WrittenHandler });
}

export function patchHandler(api: ApiClient, id: number, patch: HandlerPatch): Promise<WrittenHandler> {
  return api.patch(`/api/handlers/${id}`, { body: patch, schema: WrittenHandler });
}

export function deleteHandler(api: ApiClient, id: number): Promise<void> {
  return api.delete(`/api/handlers/${id}`);
}

/** Renumbers the event's priorities to 1..n in one transaction; answers the event's handlers. */
export async function reorderHandlers(api: ApiClient, request: ReorderRequest): Promise<Handler[]> {
  const page = await api.post('/api/handlers/reorder', { body: request, schema: HandlerPage });
  return page.items;
}

/**
 * The attempt the test logged. Accepted as the attempt itself or wrapped (`{attempt}` or
 * `{attempts}`), since DESIGN §4 says only "returns the logged attempt".
 */
const TestResult = z.union([
  Attempt,
  z.object({ attempt: Attempt }).transform((r) => r.attempt),
  z.object({ attempts: z.array(Attempt).min(1) }).transform((r) => r.attempts[r.attempts.length - 1] as Attempt),
]);

export function testHandler(api: ApiClient, id: number, request: TestEventRequest): Promise<Attempt> {
  return api.post(`/api/handlers/${id}/test`, { body: request, schema: TestResult });
}
