import { byPriority, type Handler, type HandlerKind, type HandlerStatus } from '@hookline/domain';
import { matchesHealth, type HealthFilter } from '../health/handler-health';

export interface ListFilter {
  event: string;
  kind: HandlerKind | '';
  statuses: readonly HandlerStatus[];
  /** Marked failing, or disabled by Hookline; '' for every handler. */
  health: HealthFilter;
  q: string;
}

/** Archived handlers are hidden until asked for, as in the classic screen. */
export const DEFAULT_FILTER: ListFilter = { event: '', kind: '', statuses: ['enabled', 'disabled'], health: '', q: '' };

export type SortKey = 'id' | 'priority' | 'name' | 'event';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

export const DEFAULT_SORT: Sort = { key: 'event', descending: false };

export function filterHandlers(handlers: readonly Handler[], filter: ListFilter): Handler[] {
  const q = filter.q.trim().toLowerCase();
  return handlers.filter(
    (h) =>
      (filter.event === '' || h.event === filter.event) &&
      (filter.kind === '' || h.kind === filter.kind) &&
      filter.statuses.includes(h.status) &&
      matchesHealth(h, filter.health) &&
      (q === '' || h.name.toLowerCase().includes(q) || h.target.toLowerCase().includes(q) || String(h.id) === q)
  );
}

/**
 * By event (in catalogue order, as the canvas lanes) then run order by default, so each event's
 * handlers read in the order they run.
 */
export function sortHandlers(
  handlers: Handler[],
  sort: Sort,
  eventRank: (type: string) => number = () => 0
): Handler[] {
  const compare = (a: Handler, b: Handler): number => {
    switch (sort.key) {
      case 'id':
        return a.id - b.id;
      case 'priority':
        return byPriority(a, b);
      case 'name':
        return a.name.localeCompare(b.name) || a.id - b.id;
      case 'event':
        return eventRank(a.event) - eventRank(b.event) || a.event.localeCompare(b.event) || byPriority(a, b);
    }
  };
  const sorted = [...handlers].sort(compare);
  return sort.descending ? sorted.reverse() : sorted;
}
