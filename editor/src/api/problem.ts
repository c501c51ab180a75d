import { ProblemDetails } from '@hookline/domain';

/** One entry of a validation problem: a dotted path into what was sent, and what is wrong with it. */
export type FieldError = NonNullable<ProblemDetails['errors']>[number];

/**
 * A failed call as the editor handles it: the API's problem (RFC 9457) with `errors` always there,
 * or one made up for an answer that is not a problem (a proxy's error page, no answer at all).
 */
export type Problem = Omit<ProblemDetails, 'errors'> & { errors: FieldError[] };

/** Every failed call throws this, whether the server answered a problem, something else, or nothing. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get errors(): FieldError[] {
    return this.problem.errors;
  }

  /** A write with a stale `version` (or a stale run order). */
  get isConflict(): boolean {
    return this.problem.status === 409;
  }
}

/**
 * Reads the problem out of a failed answer. A body that is not the API's problem (a gateway's
 * HTML page, a plain-text error) still yields a readable one, from its text or the status.
 */
export function toProblem(status: number, statusText: string, body: unknown): Problem {
  const parsed = ProblemDetails.safeParse(body);
  if (parsed.success) return { ...parsed.data, errors: parsed.data.errors ?? [] };
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : '';
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    detail: text || statusText || `The server answered ${status}.`,
    errors: [],
  };
}

/**
 * A successful status with a body of another shape than the domain's schema: the API and the
 * editor disagree, which is a bug to see in place, never a guess to paper over.
 */
export function unexpectedAnswer(status: number, what: string, issuePath: readonly PropertyKey[] = []): Problem {
  const where = issuePath.map(String).join('.');
  return {
    type: 'urn:hookline:editor:unexpected-answer',
    title: 'Unexpected answer',
    status,
    detail: `${what} answered in an unexpected shape${where ? ` (at ${where})` : ''}.`,
    errors: [],
  };
}

export function networkProblem(err: unknown): Problem {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    type: 'urn:hookline:editor:network',
    title: 'Network error',
    status: 0,
    detail: `The API could not be reached (${reason}).`,
    errors: [],
  };
}

/** A readable message for anything thrown by a call. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.problem.detail;
  if (err instanceof Error) return err.message;
  return String(err);
}
