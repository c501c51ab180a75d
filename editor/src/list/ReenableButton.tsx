import type { Handler } from '@hookline/domain';
import { memo, useId, useState } from 'react';
import { messageOf } from '../api/problem';
import { useHandlerActions } from '../handlers/useHandlerActions';

interface Props {
  handler: Handler;
  disabled: boolean;
  testId: string;
}

/**
 * One click to enable a handler Hookline disabled, at the version shown; the reason goes with it (the server clears
 * it). A failure is shown beside the button, where it was asked for.
 */
export const ReenableButton = memo(function ReenableButton({ handler, disabled, testId }: Props) {
  const actions = useHandlerActions();
  const errorId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function reenable(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await actions.patch(handler.id, { status: 'enabled', version: handler.version });
    } catch (err) {
      setError(`Could not re-enable: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="reenable">
      <button
        type="button"
        className="button button-small"
        disabled={disabled || busy}
        aria-busy={busy}
        aria-describedby={error ? errorId : undefined}
        aria-label={`Re-enable ${handler.name}`}
        onClick={(e) => {
          e.stopPropagation();
          void reenable();
        }}
        onKeyDown={(e) => e.stopPropagation()}
        data-testid={testId}
      >
        Re-enable
      </button>
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
});
