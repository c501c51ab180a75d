/** One entry of a validation problem: a dotted path into what was sent, and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem as the API answers it (application/problem+json). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  /** Extension members, such as `currentVersion` on a 409. */
  extensions: Record<string, unknown>;
}

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e): FieldError[] =>
    isRecord(e) && typeof e.message === 'string'
      ? [{ path: typeof e.path === 'string' ? e.path : '', message: e.message }]
      : []
  );
}

/** Reads a problem out of any answer body; a body that is not one still yields a readable problem. */
export function toProblem(status: number, statusText: string, body: unknown): Problem {
  if (isRecord(body)) {
    const { type, title, status: bodyStatus, detail, errors, ...extensions } = body;
    return {
      type: typeof type === 'string' ? type : 'about:blank',
      title: typeof title === 'string' ? title : statusText || `HTTP ${status}`,
      status: typeof bodyStatus === 'number' ? bodyStatus : status,
      detail: typeof detail === 'string' ? detail : typeof title === 'string' ? title : statusText || `HTTP ${status}`,
      errors: fieldErrorsOf(errors),
      extensions,
    };
  }
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : '';
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    detail: text || statusText || `The server answered ${status}.`,
    errors: [],
    extensions: {},
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
    extensions: {},
  };
}

/** A readable message for anything thrown by a call. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.problem.detail;
  if (err instanceof Error) return err.message;
  return String(err);
}
