import { EXECUTION_STATUSES, type ExecutionStatus } from '@hookline/domain';
import { useId, useState, type FormEvent } from 'react';
import type { ExecutionFilter } from '../api/executions';
import { useHandlers } from '../handlers/useHandlers';
import { fromLocalInput, isEmptyFilter, toLocalInput } from './execution-filter';
import { EventTypeOptions } from '../catalog/EventTypeOptions';

interface Props {
  filter: ExecutionFilter;
  onApply: (filter: ExecutionFilter) => void;
}

/** Status, event, handler, object id, time range and text; applied with Enter or "Search". */
export function ExecutionFilters({ filter, onApply }: Props) {
  const { handlers } = useHandlers();
  const id = useId();
  const [draft, setDraft] = useState<ExecutionFilter>(filter);
  const [appliedKey, setAppliedKey] = useState(JSON.stringify(filter));

  // The URL is the truth: back / forward, or a link from a handler, replace the draft.
  if (JSON.stringify(filter) !== appliedKey) {
    setAppliedKey(JSON.stringify(filter));
    setDraft(filter);
  }

  const set = (change: Partial<ExecutionFilter>) => setDraft((d) => ({ ...d, ...change }));
  const applyNow = (change: Partial<ExecutionFilter>) => onApply({ ...draft, ...change });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form
      className="toolbar execution-filters"
      role="search"
      aria-label="Filter executions"
      onSubmit={submit}
      data-testid="execution-filters"
    >
      <span className="toolbar-field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={draft.status ?? ''}
          onChange={(e) => applyNow({ status: (e.target.value || undefined) as ExecutionStatus | undefined })}
          data-testid="executions-filter-status"
        >
          <option value="">any</option>
          {EXECUTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-event`}>Event</label>
        <select
          id={`${id}-event`}
          value={draft.event ?? ''}
          onChange={(e) => applyNow({ event: e.target.value || undefined })}
          data-testid="executions-filter-event"
        >
          <option value="">any</option>
          <EventTypeOptions />
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-handler`}>Handler</label>
        <select
          id={`${id}-handler`}
          value={draft.handlerId ?? ''}
          onChange={(e) => applyNow({ handlerId: e.target.value ? Number(e.target.value) : undefined })}
          data-testid="executions-filter-handler"
        >
          <option value="">any</option>
          {draft.handlerId !== undefined && !handlers.some((h) => h.id === draft.handlerId) && (
            <option value={draft.handlerId}>#{draft.handlerId}</option>
          )}
          {handlers.map((h) => (
            <option key={h.id} value={h.id}>
              #{h.id} {h.name}
            </option>
          ))}
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-object`}>Object id</label>
        <input
          id={`${id}-object`}
          className="input-short"
          value={draft.objectId ?? ''}
          onChange={(e) => set({ objectId: e.target.value || undefined })}
          data-testid="executions-filter-object"
        />
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={toLocalInput(draft.from)}
          onChange={(e) => set({ from: fromLocalInput(e.target.value) })}
          data-testid="executions-filter-from"
        />
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={toLocalInput(draft.to)}
          onChange={(e) => set({ to: fromLocalInput(e.target.value) })}
          data-testid="executions-filter-to"
        />
      </span>
      <input
        type="search"
        aria-label="Text in the event"
        placeholder="Text"
        value={draft.q ?? ''}
        onChange={(e) => set({ q: e.target.value || undefined })}
        data-testid="executions-filter-text"
      />
      <button type="submit" className="button button-small" data-testid="executions-search">
        Search
      </button>
      {!isEmptyFilter(filter) && (
        <button type="button" className="button button-small button-quiet" onClick={() => onApply({})}>
          Clear
        </button>
      )}
    </form>
  );
}
