import { ReplayHandlers, ReplayMode } from '@hookline/domain';
import { useId, useState } from 'react';
import { isFinished, startBulkReplay, type ExecutionFilter } from '../api/executions';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { isEmptyFilter } from './execution-filter';
import { useReplayProgress } from './useReplayProgress';

const ACTIVE_KEY = 'hookline.bulkReplay';

function storedId(): string | null {
  try {
    return window.sessionStorage.getItem(ACTIVE_KEY);
  } catch {
    return null;
  }
}

function storeId(id: string | null): void {
  try {
    if (id) window.sessionStorage.setItem(ACTIVE_KEY, id);
    else window.sessionStorage.removeItem(ACTIVE_KEY);
  } catch {
    // Progress then lasts as long as the page.
  }
}

/** Replays every execution the current filter matches, with bounded concurrency, and follows its progress. */
export function BulkReplay({ filter }: { filter: ExecutionFilter }) {
  const { api } = useSession();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<ReplayMode>('failed');
  const [handlers, setHandlers] = useState<ReplayHandlers>('original');
  const [concurrency, setConcurrency] = useState('5');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [replayId, setReplayId] = useState<string | null>(storedId);
  const { progress, error: progressError } = useReplayProgress(replayId);

  // A text search narrows the table in ways the bulk replay's filter cannot express: refusing beats replaying more.
  const textSearch = Boolean(filter.q);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const started = await startBulkReplay(api, { filter, mode, handlers, concurrency: Number(concurrency) });
      storeId(started);
      setReplayId(started);
      setOpen(false);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const finished = progress ? isFinished(progress) : false;
  const total = progress?.total ?? null;
  // `done` already includes the replays that failed; `skipped` ones were matched but could not be replayed.
  const processed = progress ? progress.done + progress.skipped : 0;
  const percent = total === null ? null : total === 0 ? 100 : Math.min(100, Math.floor((processed / total) * 100));

  return (
    <div className="bulk-replay">
      {!open && (
        <button
          type="button"
          className="button button-small"
          onClick={() => setOpen(true)}
          data-testid="bulk-replay-open"
        >
          Replay all matching…
        </button>
      )}
      {open && (
        <div className="bulk-replay-form card" role="group" aria-label="Bulk replay">
          <p className="small">
            {textSearch
              ? 'Bulk replay selects by status, event, handler, object and time; clear the text search first.'
              : isEmptyFilter(filter)
                ? 'No filter is set: this replays every execution on record.'
                : 'Replays every execution that matches the current filter.'}
          </p>
          <span className="toolbar-field">
            <label htmlFor={`${id}-mode`}>Handlers to run</label>
            <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(ReplayMode.parse(e.target.value))}>
              <option value="failed">only failed or skipped</option>
              <option value="all">all</option>
            </select>
          </span>
          <span className="toolbar-field">
            <label htmlFor={`${id}-handlers`}>As configured</label>
            <select
              id={`${id}-handlers`}
              value={handlers}
              onChange={(e) => setHandlers(ReplayHandlers.parse(e.target.value))}
            >
              <option value="original">then (original snapshot)</option>
              <option value="current">now (current handlers)</option>
            </select>
          </span>
          <span className="toolbar-field">
            <label htmlFor={`${id}-concurrency`}>At once</label>
            <input
              id={`${id}-concurrency`}
              className="input-short"
              type="number"
              min={1}
              max={50}
              value={concurrency}
              onChange={(e) => setConcurrency(e.target.value)}
            />
          </span>
          <button
            type="button"
            className="button button-small button-primary"
            onClick={() => void start()}
            disabled={busy || textSearch}
            data-testid="bulk-replay-start"
          >
            {busy ? 'Starting…' : 'Start replay'}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setOpen(false)}>
            Cancel
          </button>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
      {replayId && (
        <div
          className="bulk-progress"
          data-testid="bulk-progress"
          data-status={progress?.status ?? 'starting'}
          aria-live="polite"
        >
          <span className="small">
            Bulk replay {replayId}: {progress ? progress.status : 'starting'}
            {progress &&
              ` · ${progress.done} done${progress.failed ? `, ${progress.failed} failed` : ''}${total !== null ? ` of ${total}` : ''}`}
            {percent !== null && <strong data-testid="bulk-percent"> · {percent} %</strong>}
          </span>
          <progress
            max={total ?? undefined}
            value={total !== null ? processed : undefined}
            aria-label="Bulk replay progress"
          />
          {progressError && <span className="field-error">{progressError}</span>}
          {finished && (
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss the bulk replay progress"
              onClick={() => {
                storeId(null);
                setReplayId(null);
              }}
            >
              ×
            </button>
          )}
        </div>
      )}
    </div>
  );
}
