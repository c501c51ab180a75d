import type { ExecutionDetail } from '@hookline/domain';
import { formatDuration } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { AttemptView } from './AttemptView';

type Call = ExecutionDetail['handlers'][number];

function totalMs(call: Call): number {
  return call.attempts.reduce((sum, a) => sum + a.durationMs, 0);
}

/** The handler calls of one execution, in the order they ran, each with its attempts. */
export function HandlerTimeline({ handlers }: { handlers: Call[] }) {
  if (handlers.length === 0) {
    return <p className="muted">No handler ran: none matched this event in the snapshot.</p>;
  }
  return (
    <ol className="timeline" data-testid="execution-timeline">
      {handlers.map((call) => (
        <li
          key={call.handlerId}
          className={`timeline-item timeline-${call.status}`}
          data-testid={`timeline-handler-${call.handlerId}`}
        >
          <div className="timeline-head">
            <span className="timeline-dot" aria-hidden="true" />
            <strong>{call.name}</strong>
            <span className="muted small">
              #{call.handlerId} · priority {call.priority}
            </span>
            <StatusBadge status={call.status} />
            <span className="muted small">
              {call.attempts.length} {call.attempts.length === 1 ? 'attempt' : 'attempts'} ·{' '}
              {formatDuration(totalMs(call))}
            </span>
          </div>
          <div className="timeline-attempts">
            {call.attempts.map((attempt) => (
              <AttemptView key={attempt.attempt} attempt={attempt} />
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
