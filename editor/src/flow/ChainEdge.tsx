import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { shorten } from '../condition/describe';
import type { ChainEdge as ChainEdgeType } from './types';

/** One link of a chain; the badge on it is the condition of the handler it leads to. */
function ChainEdgeView({ id, sourceX, sourceY, targetX, targetY, data, markerEnd }: EdgeProps<ChainEdgeType>) {
  const [path, labelX, labelY] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const condition = data?.condition ?? null;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={data?.muted ? 'chain-edge chain-edge-muted' : 'chain-edge'}
      />
      {condition && (
        <EdgeLabelRenderer>
          <div
            className="edge-badge nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={condition}
          >
            if {shorten(condition, 15)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ChainEdge = memo(ChainEdgeView);
