import type { Hookline } from './hookline';

/** One API process, as a client sees it: where it answers, and the key to call it with. */
export type ApiTarget = Pick<Hookline, 'apiUrl' | 'adminKey'>;

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One call to Hookline's REST API with the admin key. Network failures are answers too (status 0), because the
 * scenarios count what a client saw while parts were down, and a thrown error would hide it.
 */
export async function call<T = unknown>(
  hookline: ApiTarget,
  method: string,
  path: string,
  body?: unknown
): Promise<Answer<T>> {
  try {
    const response = await fetch(`${hookline.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hookline.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text, a failure message will show it.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  } catch (err) {
    return { status: 0, headers: new Headers(), body: { error: (err as Error).message } as T };
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maxIntervalMs: number;
}

export interface HandlerSpec {
  name: string;
  event: string;
  target: string;
  priority: number;
  retry: RetryPolicy;
  timeoutMs: number;
}

export async function createHandler(hookline: ApiTarget, spec: HandlerSpec): Promise<number> {
  const answer = await call<{ id: number }>(hookline, 'POST', '/api/handlers', spec);
  if (answer.status !== 201) throw new Error(`POST /api/handlers: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** Publishes the handler snapshot now, rather than waiting for the schedule. */
export async function publish(hookline: ApiTarget): Promise<void> {
  const answer = await call(hookline, 'POST', '/api/cache/refresh');
  if (answer.status !== 200)
    throw new Error(`POST /api/cache/refresh: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export function postEvent(hookline: ApiTarget, id: string, type: string): Promise<Answer<unknown>> {
  return call(hookline, 'POST', '/api/events', { id, type, objectId: id, data: { probe: 'faults' } });
}
