import { STATUS_CODES } from 'node:http';
import { isStatementTimeout, redactDatabaseErrors } from '@hookline/db';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './database-unavailable';
import { isTemporalUnavailable } from '../temporal/unavailable';

export interface FieldError {
  /** Dotted path into the part of the request that was checked: `data.balance`, `retry.maxAttempts`. */
  path: string;
  message: string;
}

/** Problem types of our own; anything else is `about:blank`, whose title is the HTTP status text. */
export const PROBLEM_TYPES = {
  validation: 'urn:hookline:problem:validation',
  versionConflict: 'urn:hookline:problem:version-conflict',
  temporalUnavailable: 'urn:hookline:problem:temporal-unavailable',
  databaseUnavailable: 'urn:hookline:problem:database-unavailable',
  queryTimeout: 'urn:hookline:problem:query-timeout',
} as const;

export interface ProblemOptions {
  type?: string;
  title?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2), such as `currentVersion` on a 409. */
  extensions?: Record<string, unknown>;
}

/** Thrown anywhere in a request; the problem handler turns it into `application/problem+json`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: ProblemOptions = {}
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function validationProblem(errors: FieldError[], detail?: string): HttpProblem {
  const summary = errors.map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join('; ');
  return new HttpProblem(400, detail ?? `The request is invalid: ${summary}`, {
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    errors,
  });
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, detail);
}

export function sendProblem(res: Response, status: number, detail: string, options: ProblemOptions = {}): void {
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  const body: Record<string, unknown> = {
    ...options.extensions,
    type: options.type ?? 'about:blank',
    title: options.title ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: res.req.originalUrl,
  };
  if (options.errors) body.errors = options.errors;
  // Set before json(), which only fills in a content type when none is set.
  res.status(status).type('application/problem+json').json(body);
}

/** The last route of /api and of the whole app. */
export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`No route for ${req.method} ${req.path}`);
};

interface BodyParserError {
  type: string;
  status: number;
  expose?: boolean;
  limit?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as Partial<BodyParserError>).type === 'string' &&
    typeof (err as Partial<BodyParserError>).status === 'number'
  );
}

/**
 * A 4xx that a library raised on its own (http-errors style: a numeric `status`, `expose` true),
 * such as the router failing to percent-decode a path parameter (a URIError) or body-parser failing
 * to inflate a gzip, deflate or br body (a zlib error). Their own messages describe internals, so
 * the client is told in our words.
 */
function clientErrorDetail(err: unknown): { status: number; detail: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, expose, code } = err as { status?: unknown; expose?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (err instanceof URIError) return { status: 400, detail: 'The request path is not valid percent-encoded UTF-8.' };
  if (typeof code === 'string' && /^(Z_|ERR__?ERROR|ERR_BROTLI|ERR_ZLIB)/.test(code)) {
    return { status: 400, detail: 'The request body could not be decompressed as its Content-Encoding says.' };
  }
  return expose === true ? { status, detail: STATUS_CODES[status] ?? 'Bad request' } : null;
}

function requestIdOf(req: Request): string {
  return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : 'unknown';
}

/** Every error leaves as RFC 9457 problem JSON; unexpected ones are logged and told apart only by request id. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(res, err.status, err.detail, err.options);
    if (isBodyParserError(err)) {
      if (err.type === 'entity.parse.failed') return sendProblem(res, 400, 'The request body is not valid JSON.');
      if (err.type === 'entity.too.large') {
        return sendProblem(res, 413, 'The request body is larger than the limit of 1 MiB.');
      }
      if (err.expose && err.status >= 400 && err.status < 500) {
        return sendProblem(res, err.status, (err as unknown as Error).message);
      }
    }
    const clientError = clientErrorDetail(err);
    if (clientError) return sendProblem(res, clientError.status, clientError.detail);
    // Reduced here, not only by the logger's serializer: whatever logger the app was given, a failed query's
    // parameters (a handler's secret, its header credentials) and the row quoted in `detail` must not be written.
    const logged = redactDatabaseErrors(err);
    if (isTemporalUnavailable(err)) {
      log.warn({ err: logged, reqId: requestIdOf(req) }, 'Temporal is unreachable');
      return sendProblem(res, 503, 'Temporal is unreachable; nothing was started. Try again shortly.', {
        type: PROBLEM_TYPES.temporalUnavailable,
        headers: { 'Retry-After': '5' },
      });
    }
    if (isDatabaseUnavailable(err)) {
      log.warn({ err: logged, reqId: requestIdOf(req) }, 'PostgreSQL is unreachable');
      return sendProblem(res, 503, 'The database is unreachable. Try again shortly.', {
        type: PROBLEM_TYPES.databaseUnavailable,
        headers: { 'Retry-After': '5' },
      });
    }
    if (isStatementTimeout(err)) {
      log.warn({ err: logged, reqId: requestIdOf(req) }, 'a list query ran past its statement timeout');
      return sendProblem(
        res,
        503,
        'The query took longer than the database allows for a list; narrow the filters (a time range, an event type) or try again shortly.',
        { type: PROBLEM_TYPES.queryTimeout, title: 'Query timed out', headers: { 'Retry-After': '5' } }
      );
    }
    log.error({ err: logged, reqId: requestIdOf(req) }, 'unexpected error');
    sendProblem(res, 500, `An unexpected error occurred; it has been logged with request id ${requestIdOf(req)}.`);
  };
}
