import { EXECUTION_STATUSES, type ExecutionStatus } from '@hookline/domain';
import type { ExecutionFilter } from '../api/executions';

const statuses: readonly string[] = EXECUTION_STATUSES;

/** The filter lives in the URL (`/executions?status=failed&handlerId=3`), so it can be linked and reloaded. */
export function filterFromSearch(search: URLSearchParams): ExecutionFilter {
  const status = search.get('status');
  const handlerId = Number(search.get('handlerId'));
  const text = (name: string) => search.get(name)?.trim() || undefined;
  return {
    status: status && statuses.includes(status) ? (status as ExecutionStatus) : undefined,
    event: text('event'),
    handlerId: Number.isInteger(handlerId) && handlerId > 0 ? handlerId : undefined,
    objectId: text('objectId'),
    from: text('from'),
    to: text('to'),
    q: text('q'),
  };
}

export function searchFromFilter(filter: ExecutionFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter) as [string, string | number | undefined][]) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function isEmptyFilter(filter: ExecutionFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || v === '');
}

/** `<input type="datetime-local">` speaks local wall time without a zone; the API speaks ISO 8601 instants. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
