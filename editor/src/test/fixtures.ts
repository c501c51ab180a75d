import {
  ApiKeyIdentity,
  BUILT_IN_EVENT_TYPES,
  CatalogEntry,
  DEFAULT_RETRY,
  Handler,
  ProblemDetails,
  type ApiKeyRole,
} from '@hookline/domain';
import type { z } from 'zod';

/**
 * Every fixture of an API answer goes through the domain's schema, as the editor's client does:
 * a fixture that drifts from what the API answers fails here, where it is written, instead of
 * letting a test pass on a shape the API never sends.
 */
export function shaped<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  return schema.parse(value);
}

let nextId = 1;

/** A handler as the API returns it, with the fields a test cares about. */
export function handler(fields: Partial<Handler> & Pick<Handler, 'event'>): Handler {
  const id = fields.id ?? nextId++;
  return shaped(Handler, {
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
    statusReason: null,
    failingSince: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  });
}

/** `GET /api/keys/me` for a key of this role. */
export function identity(role: ApiKeyRole, fields: Partial<ApiKeyIdentity> = {}): ApiKeyIdentity {
  return shaped(ApiKeyIdentity, { id: 1, name: `${role} key`, role, ...fields });
}

/** The built-in catalogue as `GET /api/catalog/events` lists it. */
export function builtInCatalog(): CatalogEntry[] {
  return BUILT_IN_EVENT_TYPES.map((e) => shaped(CatalogEntry, { ...e, aliases: [], schema: null, ordering: 'none' }));
}

/** An `application/problem+json` body as the API's problem handler writes it. */
export function problem(status: number, detail: string, fields: Partial<ProblemDetails> = {}): ProblemDetails {
  return shaped(ProblemDetails, { type: 'about:blank', title: `HTTP ${status}`, status, detail, ...fields });
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
    const answer = answers.shift() ?? { status: 500, body: problem(500, 'no canned answer') };
    const status = answer.status ?? 200;
    const type = answer.type ?? (status >= 400 ? 'application/problem+json' : 'application/json');
    // A string sent as anything but JSON is sent as is: a gateway's page or a plain-text error.
    const text =
      answer.body === undefined
        ? null
        : typeof answer.body === 'string' && !/json/i.test(type)
          ? answer.body
          : JSON.stringify(answer.body);
    return new Response(text, { status, headers: { 'content-type': type } });
  };
  return { fetch, calls };
}
