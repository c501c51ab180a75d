import { usePermission } from '../auth/usePermission';
import { useHandlers } from '../handlers/useHandlers';
import { formatDateTime } from '../ui/format';
import { useNotify } from '../ui/useNotify';
import { Countdown } from './Countdown';
import { useCacheStatus } from './useCacheStatus';

/** The handler cache: active snapshot, whether edits are pending, the next automatic refresh, Publish now. */
export function PublishBar() {
  const { revision } = useHandlers();
  const canPublish = usePermission('design');
  const notify = useNotify();
  const { status, error, publishing, refresh, publish } = useCacheStatus(revision);

  async function onPublish() {
    const result = await publish();
    if (!result) return;
    notify(
      'success',
      result.changed === false
        ? 'Nothing new to publish: the snapshot is up to date.'
        : `Published snapshot v${result.version ?? '?'}.`
    );
  }

  return (
    <div className="publish-bar" role="region" aria-label="Handler cache" data-testid="publish-bar">
      <span
        className="publish-version"
        title={status?.refreshedAt ? `Compiled ${formatDateTime(status.refreshedAt)}` : undefined}
      >
        Snapshot{' '}
        <strong data-testid="snapshot-version">
          {status ? (status.version === null ? 'none' : `v${status.version}`) : '…'}
        </strong>
      </span>
      {status &&
        (status.pendingChanges ? (
          <span className="badge badge-pending" data-testid="pending-badge">
            changes pending
          </span>
        ) : (
          <span className="badge badge-current" data-testid="pending-badge-clear">
            up to date
          </span>
        ))}
      {status?.nextRefreshAt && <Countdown to={status.nextRefreshAt} onElapsed={() => void refresh()} />}
      {error && (
        <span className="publish-error" role="alert" title={error}>
          {error}
        </span>
      )}
      {canPublish && (
        <button
          type="button"
          className={`button ${status?.pendingChanges ? 'button-primary' : ''}`}
          onClick={() => void onPublish()}
          disabled={publishing}
          aria-busy={publishing}
          data-testid="publish-button"
        >
          {publishing ? 'Publishing…' : 'Publish now'}
        </button>
      )}
    </div>
  );
}
