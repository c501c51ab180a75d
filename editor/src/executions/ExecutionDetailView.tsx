import { useHealthStatus } from '../api/useHealthStatus';
import { usePermission } from '../auth/usePermission';
import { labelOf, useCatalog } from '../catalog/useCatalog';
import { Link } from '../routing/Link';
import { formatDateTime, formatDuration, prettyJson } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { HandlerTimeline } from './HandlerTimeline';
import { ReplayControls } from './ReplayControls';
import { temporalWorkflowUrl } from './temporal-link';
import { useExecution } from './useExecution';

interface Props {
  id: string;
  /** Where "back" leads: the list with the filter it was opened from. */
  backTo: string;
}

/** One execution: its event, a timeline of handler calls with every attempt, replay, and Temporal. */
export function ExecutionDetailView({ id, backTo }: Props) {
  const { execution, error, notFound } = useExecution(id);
  const catalog = useCatalog();
  const canReplay = usePermission('replay');
  const health = useHealthStatus();

  const temporalUrl = execution ? temporalWorkflowUrl(health, execution.workflowId, execution.runId) : null;
  const took =
    execution?.finishedAt != null
      ? new Date(execution.finishedAt).getTime() - new Date(execution.startedAt).getTime()
      : null;

  return (
    <section className="page execution-detail" aria-labelledby="execution-title" data-testid="execution-detail">
      <p>
        <Link to={backTo}>← Executions</Link>
      </p>
      {!execution && !error && (
        <p className="muted" aria-busy="true">
          Loading the execution…
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {notFound ? `There is no execution ${id}.` : error}
        </p>
      )}
      {execution && (
        <>
          <header className="detail-head">
            <h1 id="execution-title">
              {labelOf(catalog, execution.eventType)} <span className="mono muted">· object {execution.objectId}</span>
            </h1>
            <StatusBadge status={execution.status} testId="execution-status" />
          </header>
          <dl className="facts">
            <div>
              <dt>Event</dt>
              <dd className="mono">
                {execution.eventType} · {execution.eventId}
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{formatDateTime(execution.startedAt)}</dd>
            </div>
            <div>
              <dt>Took</dt>
              <dd>{execution.status === 'running' ? 'running…' : formatDuration(took)}</dd>
            </div>
            <div>
              <dt>Snapshot</dt>
              <dd>{execution.snapshotVersion === null ? '–' : `v${execution.snapshotVersion}`}</dd>
            </div>
            <div>
              <dt>Workflow</dt>
              <dd className="mono">
                {temporalUrl ? (
                  <a href={temporalUrl} target="_blank" rel="noreferrer" data-testid="temporal-link">
                    {execution.workflowId} ↗
                  </a>
                ) : (
                  execution.workflowId
                )}
              </dd>
            </div>
            {execution.replayOf && (
              <div>
                <dt>Replay of</dt>
                <dd>
                  <Link to={`/executions/${encodeURIComponent(execution.replayOf)}`}>{execution.replayOf}</Link>
                </dd>
              </div>
            )}
          </dl>
          {execution.error && (
            <p className="attempt-error" role="alert" data-testid="execution-error">
              {execution.error}
            </p>
          )}
          {canReplay && <ReplayControls executionId={execution.id} />}
          <h2>Handler calls</h2>
          <HandlerTimeline handlers={execution.handlers} />
          <details className="event-payload">
            <summary>Event payload</summary>
            <pre className="code-block">{prettyJson(execution.event)}</pre>
          </details>
        </>
      )}
    </section>
  );
}
