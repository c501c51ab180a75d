import type { HandlerStatus } from '@hookline/domain';
import type { RefObject } from 'react';
import { StatusBadge } from '../ui/StatusBadge';

interface Props {
  titleId: string;
  /** Focused when the inspector opens. */
  titleRef: RefObject<HTMLHeadingElement | null>;
  title: string;
  subtitle: string;
  /** The saved handler's status; null for a new one. */
  status: HandlerStatus | null;
  canToggle: boolean;
  onToggle: () => void;
  onClose: () => void;
}

/** The handler's name, the quick enable / disable switch (archiving is the form's), and close. */
export function InspectorHeader({ titleId, titleRef, title, subtitle, status, canToggle, onToggle, onClose }: Props) {
  return (
    <header className="inspector-head">
      <div className="inspector-title">
        <h2 id={titleId} ref={titleRef} tabIndex={-1}>
          {title}
        </h2>
        <p className="muted small">{subtitle}</p>
      </div>
      {status === 'archived' && <StatusBadge status="archived" testId="inspector-status-badge" />}
      {(status === 'enabled' || status === 'disabled') && (
        <button
          type="button"
          role="switch"
          aria-checked={status === 'enabled'}
          className={`switch${status === 'enabled' ? ' switch-on' : ''}`}
          disabled={!canToggle}
          onClick={onToggle}
          data-testid="inspector-status-toggle"
        >
          <span className="switch-track" aria-hidden="true" />
          <span>{status === 'enabled' ? 'Enabled' : 'Disabled'}</span>
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Close the inspector (Escape)"
        onClick={onClose}
        data-testid="inspector-close"
      >
        ×
      </button>
    </header>
  );
}
