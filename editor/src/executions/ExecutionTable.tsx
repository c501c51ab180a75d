import type { ExecutionSummary } from '@hookline/domain';
import { memo, type KeyboardEvent } from 'react';
import { labelOf, useCatalog } from '../catalog/useCatalog';
import { navigate } from '../routing/navigate';
import { formatDateTime, formatDuration } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

function durationOf(e: ExecutionSummary): number | null {
  return e.finishedAt ? new Date(e.finishedAt).getTime() - new Date(e.startedAt).getTime() : null;
}

const Row = memo(function Row({ execution, eventLabel }: { execution: ExecutionSummary; eventLabel: string }) {
  const open = () => navigate(`/executions/${encodeURIComponent(execution.id)}`);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') open();
  };
  const { counts } = execution;
  return (
    <tr
      tabIndex={0}
      onClick={open}
      onKeyDown={onKeyDown}
      className={`row-${execution.status}`}
      data-testid={`execution-row-${execution.id}`}
    >
      <td className="nowrap">{formatDateTime(execution.startedAt)}</td>
      <td title={execution.eventType}>{eventLabel}</td>
      <td className="mono">{execution.objectId}</td>
      <td>
        <StatusBadge status={execution.status} />
        {execution.replayOf && (
          <span className="muted small" title={`Replay of ${execution.replayOf}`}>
            {' '}
            replay
          </span>
        )}
      </td>
      <td
        className="nowrap counts"
        aria-label={`${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped`}
      >
        <span className="count-ok">{counts.succeeded}✓</span> <span className="count-failed">{counts.failed}✗</span>{' '}
        <span className="count-skipped">{counts.skipped}⤼</span>
      </td>
      <td className="num nowrap">{formatDuration(durationOf(execution))}</td>
      <td className="num">{execution.snapshotVersion === null ? '–' : `v${execution.snapshotVersion}`}</td>
    </tr>
  );
});

/** Executions, newest first; Enter or a click opens one. */
export function ExecutionTable({ items }: { items: ExecutionSummary[] }) {
  const catalog = useCatalog();
  return (
    <table className="table executions-table">
      <caption className="visually-hidden">Executions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Event</th>
          <th scope="col">Object</th>
          <th scope="col">Status</th>
          <th scope="col">Handlers</th>
          <th scope="col" className="num">
            Took
          </th>
          <th scope="col" className="num">
            Snapshot
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((execution) => (
          <Row key={execution.id} execution={execution} eventLabel={labelOf(catalog, execution.eventType)} />
        ))}
      </tbody>
    </table>
  );
}
