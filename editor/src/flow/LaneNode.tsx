import type { NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { CanvasEditableContext } from './canvas-actions';
import { FIRST_HANDLER_X, LAYOUT } from './layout';
import type { LaneNode as LaneNodeType } from './types';
import { useCanvasActions } from './useCanvasActions';

/** The band behind one event's chain: where handlers are dropped, and where an empty lane offers "add". */
function LaneNodeView({ data }: NodeProps<LaneNodeType>) {
  const actions = useCanvasActions();
  const editable = useContext(CanvasEditableContext);
  return (
    <div
      className={`lane${data.empty ? ' lane-empty' : ''}`}
      data-testid={`lane-${data.event}`}
      data-event={data.event}
    >
      {data.empty && (
        <div className="lane-placeholder" style={{ left: FIRST_HANDLER_X + LAYOUT.lanePadX }}>
          {editable ? (
            <button
              type="button"
              className="button button-small lane-add nodrag"
              onClick={() => actions.addHandler(data.event, 'http')}
              data-testid={`lane-add-${data.event}`}
            >
              + Add a handler to {data.label}
            </button>
          ) : (
            <span className="muted small">No handlers</span>
          )}
        </div>
      )}
    </div>
  );
}

export const LaneNode = memo(LaneNodeView);
