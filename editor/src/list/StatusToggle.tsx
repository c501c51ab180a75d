import type { Handler } from '@hookline/domain';
import { memo, useState } from 'react';
import { useHandlerActions } from '../handlers/useHandlerActions';

interface Props {
  handler: Handler;
  disabled: boolean;
}

/** The quick enable / disable switch. Archived handlers change only from the form. */
export const StatusToggle = memo(function StatusToggle({ handler, disabled }: Props) {
  const actions = useHandlerActions();
  const [busy, setBusy] = useState(false);

  if (handler.status === 'archived') {
    return (
      <span
        className="badge badge-archived"
        title="Archived: change the status from the form"
        data-testid={`status-toggle-${handler.id}`}
      >
        archived
      </span>
    );
  }
  const on = handler.status === 'enabled';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={`${handler.name}: ${on ? 'enabled' : 'disabled'}`}
      className={`switch switch-compact${on ? ' switch-on' : ''}`}
      disabled={disabled || busy}
      aria-busy={busy}
      onClick={(e) => {
        e.stopPropagation();
        setBusy(true);
        void actions.setStatus(handler, on ? 'disabled' : 'enabled').finally(() => setBusy(false));
      }}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid={`status-toggle-${handler.id}`}
    >
      <span className="switch-track" aria-hidden="true" />
      <span>{on ? 'enabled' : 'disabled'}</span>
    </button>
  );
});
