import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { usePermission } from '../auth/usePermission';
import { eventRanker, labelOf, useCatalog } from '../catalog/useCatalog';
import { useHandlers } from '../handlers/useHandlers';
import { useSelection } from '../handlers/useSelection';
import { HandlerRow } from './HandlerRow';
import {
  DEFAULT_FILTER,
  DEFAULT_SORT,
  filterHandlers,
  sortHandlers,
  type ListFilter,
  type Sort,
  type SortKey,
} from './list-filter';
import { ListFilters } from './ListFilters';

const COLUMNS: { key: SortKey | null; label: string; className?: string }[] = [
  { key: 'id', label: 'ID', className: 'num' },
  { key: 'priority', label: 'Priority', className: 'num' },
  { key: 'name', label: 'Name' },
  { key: 'event', label: 'Event' },
  { key: null, label: 'Handler' },
  { key: null, label: 'Status' },
  { key: null, label: 'Log' },
];

/** The classic handler list, beside the canvas, for those who prefer a table. */
export function HandlerList({ toolbarEnd }: { toolbarEnd?: ReactNode }) {
  const { handlers, status } = useHandlers();
  const catalog = useCatalog();
  const { selection, select } = useSelection();
  const canDesign = usePermission('design');
  const [filter, setFilter] = useState<ListFilter>(DEFAULT_FILTER);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);

  const rank = useMemo(() => eventRanker(catalog), [catalog]);
  const rows = useMemo(
    () => sortHandlers(filterHandlers(handlers, filter), sort, rank),
    [handlers, filter, sort, rank]
  );
  const selectedId = selection?.kind === 'handler' ? selection.id : null;
  const onSelect = useCallback((id: number) => select({ kind: 'handler', id }), [select]);

  return (
    <section className="list-pane" aria-label="Handler list" data-testid="handler-list">
      <ListFilters filter={filter} onChange={setFilter} end={toolbarEnd} />
      <div className="table-scroll">
        <table className="table handler-table">
          <caption className="visually-hidden">Handlers, {rows.length} shown</caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className={column.className}
                  aria-sort={
                    column.key && sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined
                  }
                >
                  {column.key ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() =>
                        setSort((s) => ({
                          key: column.key as SortKey,
                          descending: s.key === column.key ? !s.descending : false,
                        }))
                      }
                    >
                      {column.label}
                      <span aria-hidden="true">{sort.key === column.key ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((handler) => (
              <HandlerRow
                key={handler.id}
                handler={handler}
                eventLabel={labelOf(catalog, handler.event)}
                selected={handler.id === selectedId}
                canDesign={canDesign}
                onSelect={onSelect}
              />
            ))}
          </tbody>
        </table>
        {status === 'loading' && <p className="table-empty muted">Loading handlers…</p>}
        {status !== 'loading' && rows.length === 0 && (
          <p className="table-empty muted">
            {handlers.length === 0 ? 'No handlers yet.' : 'No handler matches the search.'}
          </p>
        )}
      </div>
      <p className="list-foot muted small">
        {rows.length} of {handlers.length} handlers
      </p>
    </section>
  );
}
