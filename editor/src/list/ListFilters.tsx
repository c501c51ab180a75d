import {
  HANDLER_HEALTH_FILTERS,
  HANDLER_KINDS,
  HANDLER_STATUSES,
  type HandlerKind,
  type HandlerStatus,
} from '@hookline/domain';
import type { HealthFilter } from '../health/handler-health';
import { useId, type ReactNode } from 'react';
import { DEFAULT_FILTER, type ListFilter } from './list-filter';
import { EventTypeOptions } from '../catalog/EventTypeOptions';

interface Props {
  filter: ListFilter;
  onChange: (filter: ListFilter) => void;
  end?: ReactNode;
}

/**
 * Advanced search of the classic screen: event, handler type, health (marked failing, disabled by Hookline), status
 * (archived off by default) and text.
 */
export function ListFilters({ filter, onChange, end }: Props) {
  const id = useId();
  const toggleStatus = (status: HandlerStatus, on: boolean) =>
    onChange({ ...filter, statuses: on ? [...filter.statuses, status] : filter.statuses.filter((s) => s !== status) });

  return (
    <form
      className="toolbar list-filters"
      role="search"
      aria-label="Search handlers"
      onSubmit={(e) => e.preventDefault()}
    >
      <input
        type="search"
        aria-label="Search by name, URL or id"
        placeholder="Search name, URL, id"
        value={filter.q}
        onChange={(e) => onChange({ ...filter, q: e.target.value })}
        data-testid="list-search"
      />
      <span className="toolbar-field">
        <label htmlFor={`${id}-event`}>Event</label>
        <select
          id={`${id}-event`}
          value={filter.event}
          onChange={(e) => onChange({ ...filter, event: e.target.value })}
          data-testid="list-filter-event"
        >
          <option value="">all</option>
          <EventTypeOptions />
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-kind`}>Type</label>
        <select
          id={`${id}-kind`}
          value={filter.kind}
          onChange={(e) => onChange({ ...filter, kind: e.target.value as HandlerKind | '' })}
          data-testid="list-filter-kind"
        >
          <option value="">all</option>
          {HANDLER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-health`}>Health</label>
        <select
          id={`${id}-health`}
          value={filter.health}
          onChange={(e) => onChange({ ...filter, health: e.target.value as HealthFilter })}
          data-testid="list-filter-health"
        >
          <option value="">all</option>
          {HANDLER_HEALTH_FILTERS.map((health) => (
            <option key={health} value={health}>
              {health}
            </option>
          ))}
        </select>
      </span>
      <fieldset className="status-filter">
        <legend className="visually-hidden">Status</legend>
        {HANDLER_STATUSES.map((status) => (
          <label key={status} className="check">
            <input
              type="checkbox"
              checked={filter.statuses.includes(status)}
              onChange={(e) => toggleStatus(status, e.target.checked)}
              data-testid={`list-filter-status-${status}`}
            />
            {status}
          </label>
        ))}
      </fieldset>
      {JSON.stringify(filter) !== JSON.stringify(DEFAULT_FILTER) && (
        <button type="button" className="button button-small button-quiet" onClick={() => onChange(DEFAULT_FILTER)}>
          Clear
        </button>
      )}
      {end && (
        <>
          <span className="spacer" />
          {end}
        </>
      )}
    </form>
  );
}
