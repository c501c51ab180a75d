import type { z } from 'zod';
import { ApiError, networkProblem, toProblem, unexpectedAnswer } from './problem';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions<T> {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Checks the answer against a schema; without one the answer is trusted as T. */
  schema?: z.ZodType<T>;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions<T>): Promise<T>;
  post<T>(path: string, options?: RequestOptions<T>): Promise<T>;
  patch<T>(path: string, options?: RequestOptions<T>): Promise<T>;
  delete<T = void>(path: string, options?: RequestOptions<T>): Promise<T>;
}

export interface ApiClientOptions {
  key: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called on any 401: the key was revoked or the session is no longer valid. */
  onUnauthorized?: () => void;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** A small typed fetch client: bearer key, JSON in and out, every failure an {@link ApiError}. */
export function createApiClient({ key, baseUrl = '', fetch: fetchImpl, onUnauthorized }: ApiClientOptions): ApiClient {
  const doFetch = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      accept: 'application/json, application/problem+json',
    };
    const init: RequestInit = { method, headers, signal: options.signal ?? null };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await doFetch(baseUrl + withQuery(path, options.query), init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(networkProblem(err));
    }
    const body = await readBody(response);
    if (!response.ok) {
      if (response.status === 401) onUnauthorized?.();
      throw new ApiError(toProblem(response.status, response.statusText, body));
    }
    if (!options.schema) return body as T;
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError(unexpectedAnswer(response.status, `${method} ${path}`, parsed.error.issues[0]?.path));
    }
    return parsed.data;
  }

  return {
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    patch: (path, options) => request('PATCH', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
}
