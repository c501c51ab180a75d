import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useContext, type KeyboardEvent } from 'react';
import { formatMs } from '../health/failing';
import { CanvasEditableContext, type StepDirection } from './canvas-actions';
import type { HandlerNode as HandlerNodeType } from './types';
import { useCanvasActions } from './useCanvasActions';

const ARROWS: Record<string, StepDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export const CANVAS_HELP_ID = 'canvas-keyboard-help';

function HandlerNodeView({ data, selected }: NodeProps<HandlerNodeType>) {
  const actions = useCanvasActions();
  const editable = useContext(CanvasEditableContext);
  const {
    handlerId,
    name,
    kind,
    target,
    status,
    step,
    onFailure,
    hasCondition,
    calls,
    failures,
    p95Ms,
    failing,
    autoDisabledReason,
  } = data;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      actions.select(handlerId);
    } else if (editable && event.altKey && ARROWS[event.key] && step !== null) {
      event.preventDefault();
      actions.step(handlerId, ARROWS[event.key] as StepDirection);
    } else if (editable && (event.key === 'Delete' || event.key === 'Backspace')) {
      event.preventDefault();
      actions.requestDelete(handlerId);
    }
  }

  const classes = ['handler-node', `handler-node-${status}`, selected ? 'is-selected' : '', failing ? 'is-failing' : '']
    .filter(Boolean)
    .join(' ');
  const place = step === null ? 'archived, not in the run order' : `runs ${ordinal(step)}`;

  return (
    <div
      className={classes}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`${name}, ${kind} handler, ${autoDisabledReason ? `auto-disabled: ${autoDisabledReason}` : status}, ${place}${failing ? ', failing' : ''}`}
      aria-describedby={CANVAS_HELP_ID}
      onKeyDown={onKeyDown}
      data-testid={`handler-node-${handlerId}`}
      data-status={status}
      data-failing={failing || undefined}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="chain-handle" />
      <div className="handler-node-head">
        <span className="handler-node-step" title={step === null ? 'Archived' : `Priority ${data.priority}`}>
          {step === null ? '—' : step}
        </span>
        <span className="handler-node-name" title={name}>
          {name}
        </span>
        <span className={`kind-tag kind-${kind}`}>{kind}</span>
      </div>
      <div className="handler-node-target mono" title={target}>
        {target}
      </div>
      <div className="handler-node-foot">
        {autoDisabledReason !== null ? (
          <span className="node-reason" title={autoDisabledReason} data-testid={`node-reason-${handlerId}`}>
            <span className="badge badge-failed">auto-disabled</span> {autoDisabledReason}
          </span>
        ) : (
          status !== 'enabled' && <span className={`badge badge-${status}`}>{status}</span>
        )}
        {hasCondition && (
          <span className="node-flag" title="Runs only when its condition holds">
            if
          </span>
        )}
        {onFailure === 'stop' && (
          <span className="node-flag node-flag-stop" title="Stops the chain when it fails">
            stop
          </span>
        )}
        {calls !== null && (
          <span className={`health${failing ? ' health-failing' : ''}`} data-testid={`handler-health-${handlerId}`}>
            <span title="Calls in the window">{calls} calls</span>
            <span title="Failed calls">{failures ?? 0} failed</span>
            <span title="95th percentile duration">p95 {formatMs(p95Ms)}</span>
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="chain-handle" />
    </div>
  );
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

export const HandlerNode = memo(HandlerNodeView);
