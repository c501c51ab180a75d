import {
  canonicalJson,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  HandlerCreate,
  HandlerPatch,
  type Handler,
  type HandlerKind,
  type HandlerStatus,
  type OnFailure,
} from '@hookline/domain';
import type { z } from 'zod';
import type { FieldError } from '../api/problem';
import { fromCondition, newKey, toCondition, type UiCondition } from '../condition/model';

/*
 * The inspector's form: text where the user types, converted to the API's shape only to validate
 * (with the shared HandlerCreate / HandlerPatch schemas) and to send. No rule lives here.
 */

export interface HeaderRow {
  key: string;
  name: string;
  value: string;
}

/** The secret is write-only: the form can keep it, replace it, have one generated, or remove it. */
export type SecretChoice =
  { mode: 'keep' } | { mode: 'generate' } | { mode: 'set'; value: string } | { mode: 'remove' };

export interface HandlerForm {
  name: string;
  event: string;
  kind: HandlerKind;
  target: string;
  status: HandlerStatus;
  priority: string;
  condition: UiCondition | null;
  retry: { maxAttempts: string; initialIntervalMs: string; backoffCoefficient: string; maxIntervalMs: string };
  timeoutMs: string;
  onFailure: OnFailure;
  headers: HeaderRow[];
  secret: SecretChoice;
}

export function formFromHandler(handler: Handler): HandlerForm {
  return {
    name: handler.name,
    event: handler.event,
    kind: handler.kind,
    target: handler.target,
    status: handler.status,
    priority: String(handler.priority),
    condition: handler.condition ? fromCondition(handler.condition) : null,
    retry: {
      maxAttempts: String(handler.retry.maxAttempts),
      initialIntervalMs: String(handler.retry.initialIntervalMs),
      backoffCoefficient: String(handler.retry.backoffCoefficient),
      maxIntervalMs: String(handler.retry.maxIntervalMs),
    },
    timeoutMs: String(handler.timeoutMs),
    onFailure: handler.onFailure,
    headers: Object.entries(handler.headers).map(([name, value]) => ({ key: newKey(), name, value })),
    secret: { mode: 'keep' },
  };
}

/** A new handler's form, filled with the shared defaults. */
export function newHandlerForm(event: string, kind: HandlerKind, priority: number): HandlerForm {
  return {
    name: '',
    event,
    kind,
    target: kind === 'http' ? 'https://' : '',
    status: 'enabled',
    priority: String(priority),
    condition: null,
    retry: {
      maxAttempts: String(DEFAULT_RETRY.maxAttempts),
      initialIntervalMs: String(DEFAULT_RETRY.initialIntervalMs),
      backoffCoefficient: String(DEFAULT_RETRY.backoffCoefficient),
      maxIntervalMs: String(DEFAULT_RETRY.maxIntervalMs),
    },
    timeoutMs: String(DEFAULT_TIMEOUT_MS),
    onFailure: 'continue',
    headers: [],
    secret: { mode: 'keep' },
  };
}

/** Blank is NaN, so the schema reports it rather than a default silently standing in. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function headersRecord(rows: readonly HeaderRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.name.trim() !== '' || row.value !== '') record[row.name.trim()] = row.value;
  return record;
}

function secretValue(choice: SecretChoice): string | null | undefined {
  switch (choice.mode) {
    case 'keep':
      return undefined;
    case 'generate':
      return 'generate';
    case 'set':
      return choice.value;
    case 'remove':
      return null;
  }
}

/** Every field in the API's shape. */
function fields(form: HandlerForm) {
  return {
    name: form.name,
    event: form.event,
    kind: form.kind,
    target: form.target,
    status: form.status,
    priority: toNumber(form.priority),
    condition: form.condition ? toCondition(form.condition) : null,
    retry: {
      maxAttempts: toNumber(form.retry.maxAttempts),
      initialIntervalMs: toNumber(form.retry.initialIntervalMs),
      backoffCoefficient: toNumber(form.retry.backoffCoefficient),
      maxIntervalMs: toNumber(form.retry.maxIntervalMs),
    },
    timeoutMs: toNumber(form.timeoutMs),
    onFailure: form.onFailure,
    headers: headersRecord(form.headers),
  };
}

export function createInput(form: HandlerForm): HandlerCreate {
  const secret = secretValue(form.secret);
  return { ...fields(form), ...(secret ? { secret } : {}) };
}

type PatchFields = Omit<HandlerPatch, 'version'>;

/** Only what changed, at the version the form was loaded from. */
export function patchInput(form: HandlerForm, base: Handler): HandlerPatch {
  const next = fields(form);
  const before: ReturnType<typeof fields> = {
    name: base.name,
    event: base.event,
    kind: base.kind,
    target: base.target,
    status: base.status,
    priority: base.priority,
    condition: base.condition,
    retry: base.retry,
    timeoutMs: base.timeoutMs,
    onFailure: base.onFailure,
    headers: base.headers,
  };
  const patch: PatchFields = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    const a = next[key];
    const b = before[key];
    const same =
      typeof a === 'number' || typeof b === 'number' ? Object.is(a, b) : canonicalJson(a) === canonicalJson(b);
    if (!same) Object.assign(patch, { [key]: a });
  }
  // The target is judged by the kind (URL or script path), so a changed target brings its kind along.
  if ('target' in patch) patch.kind = next.kind;
  const secret = secretValue(form.secret);
  if (secret !== undefined) patch.secret = secret;
  return { ...patch, version: base.version };
}

export function hasChanges(patch: HandlerPatch): boolean {
  return Object.keys(patch).some((key) => key !== 'version');
}

type Issue = z.core.$ZodIssue;

/** Plainer wording for the schema's generic messages; the rules' own messages are kept as they are. */
function wording(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number'
        ? 'must be a number'
        : issue.input === undefined
          ? 'is required'
          : issue.message;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'is required';
      if (issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      if (issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
      return issue.message;
    case 'invalid_value':
      return 'is not one of the choices';
    default:
      return issue.message;
  }
}

export interface FormIssue {
  path: (string | number)[];
  message: string;
}

function issuesOf(error: z.ZodError): FormIssue[] {
  return error.issues.flatMap((issue): FormIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known field' }));
    }
    return [{ path, message: wording(issue) }];
  });
}

/** Validates what would be sent, with the schema the API applies to it. */
export function validateForm(form: HandlerForm, base: Handler | null): FormIssue[] {
  const result = base ? HandlerPatch.safeParse(patchInput(form, base)) : HandlerCreate.safeParse(createInput(form));
  return result.success ? [] : issuesOf(result.error);
}

/** The API's `errors: [{path: 'retry.maxIntervalMs', message}]` as issues with path segments. */
export function issuesFromServer(errors: readonly FieldError[]): FormIssue[] {
  return errors.map((e) => ({
    path: e.path === '' ? [] : e.path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
    message: e.message,
  }));
}

/** Issues by the form field they belong to (`name`, `retry.maxAttempts`, `headers`, `condition`, `secret`). */
export function fieldOf(issue: FormIssue): string {
  const [first, second] = issue.path;
  if (first === 'retry' && typeof second === 'string') return `retry.${second}`;
  return first === undefined ? '' : String(first);
}
