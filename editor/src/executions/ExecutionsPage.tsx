import type { ExecutionFilter } from '../api/executions';
import { usePermission } from '../auth/usePermission';
import { navigate } from '../routing/navigate';
import { BulkReplay } from './BulkReplay';
import { filterFromSearch, searchFromFilter } from './execution-filter';
import { ExecutionFilters } from './ExecutionFilters';
import { ExecutionTable } from './ExecutionTable';
import { useExecutionPages } from './useExecutionPages';

/** The filterable, keyset-paged table of executions. */
export function ExecutionsPage({ search }: { search: URLSearchParams }) {
  const filter = filterFromSearch(search);
  const pages = useExecutionPages(filter);
  const canReplay = usePermission('replay');
  const apply = (next: ExecutionFilter) => navigate(`/executions${searchFromFilter(next)}`);

  return (
    <section className="page executions-page" aria-labelledby="executions-title" data-testid="executions-page">
      <div className="page-head">
        <h1 id="executions-title">Executions</h1>
        {canReplay && <BulkReplay filter={filter} />}
      </div>
      <ExecutionFilters filter={filter} onApply={apply} />
      <div className="table-scroll executions-scroll" aria-busy={pages.loading}>
        <ExecutionTable items={pages.items} />
        {pages.error && (
          <p className="notice notice-error table-empty" role="alert">
            {pages.error}{' '}
            <button type="button" className="button button-small" onClick={pages.reload}>
              Retry
            </button>
          </p>
        )}
        {!pages.loading && !pages.error && pages.items.length === 0 && (
          <p className="table-empty muted">No execution matches the filter.</p>
        )}
        <div className="table-foot">
          {pages.loading ? (
            <span className="muted small">Loading…</span>
          ) : pages.hasMore ? (
            <button
              type="button"
              className="button button-small"
              onClick={pages.loadMore}
              data-testid="executions-more"
            >
              Load older executions
            </button>
          ) : pages.items.length > 0 ? (
            <span className="muted small">That is all: {pages.items.length} shown.</span>
          ) : null}
        </div>
      </div>
    </section>
  );
}
