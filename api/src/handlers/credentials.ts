import {
  can,
  maskHeaderValues,
  MASKED_HEADER_VALUE,
  type ApiKeyRole,
  type Handler,
  type HandlerWritten,
} from '@hookline/domain';
import { validationProblem } from '../http/problem';

/** Header values are write-only below admin: a handler as `role` may see it. */
export function handlerFor<H extends Handler | HandlerWritten>(role: ApiKeyRole, handler: H): H {
  return can(role, 'readCredentials') ? handler : { ...handler, headers: maskHeaderValues(handler.headers) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An audit entry's before/after as `role` may see it: the handler views recorded there carry header values.
 * Any `headers` object of strings is masked, whatever the action, so an entry recorded in a shape added later
 * cannot slip past.
 */
export function auditSubjectFor(role: ApiKeyRole, subject: unknown): unknown {
  if (can(role, 'readCredentials') || !isRecord(subject)) return subject;
  const headers = subject['headers'];
  if (!isRecord(headers)) return subject;
  return { ...subject, headers: maskHeaderValues(headers) };
}

/**
 * Headers as they are to be stored: a value of exactly the mask is the stored value of that header (a client
 * sending back what it was shown), matched by name as HTTP does, without regard to case. A masked header with
 * nothing stored under its name cannot be honoured, and storing the mask itself as a credential would be wrong.
 */
export function unmaskHeaders(sent: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
  const missing: string[] = [];
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent)) {
    if (value !== MASKED_HEADER_VALUE) {
      result[name] = value;
      continue;
    }
    const kept = storedByName.get(name.toLowerCase());
    if (kept === undefined) missing.push(name);
    else result[name] = kept;
  }
  if (missing.length > 0) {
    throw validationProblem(
      missing.map((name) => ({
        path: `headers.${name}`,
        message: `is "${MASKED_HEADER_VALUE}", which keeps a stored value, but this handler has no header ${name}`,
      }))
    );
  }
  return result;
}
