import type { Handler } from '@hookline/domain';
import { memo } from 'react';
import { isAutoDisabled, isMarkedFailing } from '../health/handler-health';
import { ReenableButton } from './ReenableButton';

interface Props {
  handler: Handler;
  canDesign: boolean;
  /** Prefixes the test ids where the marks show a second time (the inspector beside the list). */
  testIdPrefix?: string;
}

/** What the server's failing-handler policy says of a handler: marked failing, or disabled with its reason. */
export const HealthMarks = memo(function HealthMarks({ handler, canDesign, testIdPrefix = '' }: Props) {
  const autoDisabled = isAutoDisabled(handler);
  const failing = isMarkedFailing(handler);
  if (!autoDisabled && !failing) return null;
  return (
    <div className="health-marks">
      {failing && (
        <span
          className="badge badge-failed"
          title={`Marked failing since ${handler.failingSince ?? ''}: a high share of its recent calls failed`}
          data-testid={`${testIdPrefix}failing-mark-${handler.id}`}
        >
          failing
        </span>
      )}
      {autoDisabled && (
        <>
          <span
            className="status-reason"
            title={handler.statusReason ?? ''}
            data-testid={`${testIdPrefix}status-reason-${handler.id}`}
          >
            auto-disabled: {handler.statusReason}
          </span>
          <ReenableButton handler={handler} disabled={!canDesign} testId={`${testIdPrefix}reenable-${handler.id}`} />
        </>
      )}
    </div>
  );
});
