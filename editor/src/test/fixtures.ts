import { DEFAULT_RETRY, type Handler } from '@hookline/domain';

let nextId = 1;

/** A handler as the API returns it, with the fields a test cares about. */
export function handler(fields: Partial<Handler> & Pick<Handler, 'event'>): Handler {
  const id = fields.id ?? nextId++;
  return {
    id,
    name: `Handler ${id}`,
    kind: 'http',
    target: `https://receiver.example/${id}`,
    status: 'enabled',
    priority: 1,
    condition: null,
    retry: { ...DEFAULT_RETRY },
    timeoutMs: 10_000,
    onFailure: 'continue',
    headers: {},
    hasSecret: false,
    position: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A fetch that records every call and answers from a list of canned responses, in order. */
export function recordingFetch(answers: { status?: number; body?: unknown; type?: string }[]) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({
      method: init?.method ?? 'GET',
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const answer = answers.shift() ?? { status: 500, body: { title: 'no canned answer' } };
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'content-type': answer.type ?? (status >= 400 ? 'application/problem+json' : 'application/json') },
    });
  };
  return { fetch, calls };
}
