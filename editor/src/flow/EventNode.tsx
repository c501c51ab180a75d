import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { CanvasEditableContext } from './canvas-actions';
import type { EventNode as EventNodeType } from './types';
import { useCanvasActions } from './useCanvasActions';

function EventNodeView({ data }: NodeProps<EventNodeType>) {
  const actions = useCanvasActions();
  const editable = useContext(CanvasEditableContext);
  return (
    <div className="event-node" data-testid={`event-node-${data.event}`}>
      <div className="event-node-label">{data.label}</div>
      <div className="event-node-type mono">{data.event}</div>
      <div className="event-node-foot">
        <span className="muted small">
          {data.handlers} {data.handlers === 1 ? 'handler' : 'handlers'}
        </span>
        {editable && (
          <button
            type="button"
            className="button button-small nodrag"
            aria-label={`Add a handler for ${data.label}`}
            onClick={() => actions.addHandler(data.event, 'http')}
            data-testid={`add-handler-${data.event}`}
          >
            + Handler
          </button>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="chain-handle" />
    </div>
  );
}

export const EventNode = memo(EventNodeView);
