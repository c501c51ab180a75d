import type { HandlerKind } from '@hookline/domain';
import { useId, type ReactNode } from 'react';
import { HEALTH_WINDOWS, type HealthWindow } from '../health/useHandlerStats';
import { Palette } from './Palette';

interface Props {
  showArchived: boolean;
  onShowArchived: (value: boolean) => void;
  showEmpty: boolean;
  onShowEmpty: (value: boolean) => void;
  healthWindow: HealthWindow | null;
  onHealthWindow: (value: HealthWindow | null) => void;
  healthError: string | null;
  failing: number;
  canDesign: boolean;
  onAdd: (kind: HandlerKind) => void;
  /** Shown at the right end (the view switch). */
  end?: ReactNode;
}

export function CanvasToolbar(props: Props) {
  const healthId = useId();
  return (
    <div className="toolbar canvas-toolbar">
      {props.canDesign && <Palette onAdd={props.onAdd} />}
      <label className="check">
        <input
          type="checkbox"
          checked={props.showArchived}
          onChange={(e) => props.onShowArchived(e.target.checked)}
          data-testid="show-archived"
        />
        Archived
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={props.showEmpty}
          onChange={(e) => props.onShowEmpty(e.target.checked)}
          data-testid="show-empty-lanes"
        />
        Empty lanes
      </label>
      <span className="toolbar-field">
        <label htmlFor={healthId}>Health</label>
        <select
          id={healthId}
          value={props.healthWindow ?? 'off'}
          onChange={(e) => props.onHealthWindow(e.target.value === 'off' ? null : (e.target.value as HealthWindow))}
          data-testid="health-window"
        >
          <option value="off">off</option>
          {(Object.keys(HEALTH_WINDOWS) as HealthWindow[]).map((key) => (
            <option key={key} value={key}>
              {HEALTH_WINDOWS[key].label}
            </option>
          ))}
        </select>
      </span>
      {props.failing > 0 && (
        <span className="badge badge-failed" data-testid="failing-count">
          {props.failing} failing
        </span>
      )}
      {props.healthError && (
        <span className="muted small" title={props.healthError}>
          health unavailable
        </span>
      )}
      <span className="spacer" />
      {props.end}
    </div>
  );
}
