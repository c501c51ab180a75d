import type { Attempt } from '@hookline/domain';
import { formatDateTime, formatDuration, prettyJson } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted small">No headers.</p>;
  return (
    <dl className="headers-list">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One logged attempt: the request sent, the response received, the error, and how long it took. */
export function AttemptView({ attempt }: { attempt: Attempt }) {
  const response = attempt.response;
  return (
    <div className="attempt" data-testid={`attempt-${attempt.attempt}`}>
      <div className="attempt-head">
        <strong>Attempt {attempt.attempt}</strong>
        <StatusBadge status={attempt.status} />
        {response?.status !== null && response?.status !== undefined && (
          <span className={`http-status http-${Math.floor(response.status / 100)}xx`}>HTTP {response.status}</span>
        )}
        <span className="muted small">
          {formatDateTime(attempt.startedAt)} · {formatDuration(attempt.durationMs)}
        </span>
      </div>
      {attempt.error && <p className="attempt-error">{attempt.error}</p>}
      {attempt.escaped && (
        <p className="muted small" data-testid="attempt-escaped">
          Part of the answer could not be stored as text: NUL bytes are shown as \u0000, broken characters as �.
        </p>
      )}
      <details>
        <summary>Request{attempt.request ? ` · ${attempt.request.url}` : ''}</summary>
        {attempt.request ? (
          <>
            <Headers headers={attempt.request.headers} />
            <pre className="code-block">{prettyJson(attempt.request.body)}</pre>
          </>
        ) : (
          <p className="muted small">Not logged.</p>
        )}
      </details>
      <details>
        <summary>Response{response?.status ? ` · ${response.status}` : ''}</summary>
        {response ? (
          <>
            <Headers headers={response.headers} />
            <pre className="code-block">{response.body === null ? '(no body)' : prettyJson(response.body)}</pre>
          </>
        ) : (
          <p className="muted small">No response.</p>
        )}
      </details>
    </div>
  );
}
