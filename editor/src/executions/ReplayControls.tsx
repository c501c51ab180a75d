import { ReplayHandlers, ReplayMode, type ReplayStarted } from '@hookline/domain';
import { useId, useState } from 'react';
import { replayExecution } from '../api/executions';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { Link } from '../routing/Link';

/** Replay one execution: every handler or only the failed ones, with the handlers of then or of now. */
export function ReplayControls({ executionId }: { executionId: string }) {
  const { api } = useSession();
  const id = useId();
  const [mode, setMode] = useState<ReplayMode>('failed');
  const [handlers, setHandlers] = useState<ReplayHandlers>('original');
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<ReplayStarted | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function replay() {
    setBusy(true);
    setError(null);
    try {
      setStarted(await replayExecution(api, executionId, { mode, handlers }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="replay-controls toolbar" role="group" aria-label="Replay this execution">
      <span className="toolbar-field">
        <label htmlFor={`${id}-mode`}>Replay</label>
        <select
          id={`${id}-mode`}
          value={mode}
          onChange={(e) => setMode(ReplayMode.parse(e.target.value))}
          data-testid="replay-mode"
        >
          <option value="failed">failed and skipped handlers</option>
          <option value="all">all handlers</option>
        </select>
      </span>
      <span className="toolbar-field">
        <label htmlFor={`${id}-handlers`}>with</label>
        <select
          id={`${id}-handlers`}
          value={handlers}
          onChange={(e) => setHandlers(ReplayHandlers.parse(e.target.value))}
          data-testid="replay-handlers"
        >
          <option value="original">the handlers it ran with</option>
          <option value="current">the current handlers</option>
        </select>
      </span>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={() => void replay()}
        disabled={busy}
        data-testid="replay-button"
      >
        {busy ? 'Starting…' : 'Replay'}
      </button>
      {started && (
        <span className="small" role="status" data-testid="replay-result">
          Replay started:{' '}
          <Link to={`/executions/${encodeURIComponent(started.executionId)}`}>
            open execution {started.executionId}
          </Link>
        </span>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
