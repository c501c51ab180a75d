import type { HandlerStats } from '@hookline/domain';
import { useMemo, useRef } from 'react';
import { reuseEdges, reuseNodes } from './reconcile';
import { toFlow, type Board } from './serialise';
import type { AppEdge, AppNode } from './types';

interface Options {
  stats: ReadonlyMap<number, HandlerStats> | null;
  selectedId: number | null;
  editable: boolean;
}

/** The board as React Flow nodes and edges, reusing every object whose content is unchanged. */
export function useFlowElements(
  board: Board,
  { stats, selectedId, editable }: Options
): { nodes: AppNode[]; edges: AppEdge[] } {
  const previous = useRef<{ nodes: AppNode[]; edges: AppEdge[] }>({ nodes: [], edges: [] });
  return useMemo(() => {
    const next = toFlow(board, { stats, selectedId, editable });
    const result = {
      nodes: reuseNodes(previous.current.nodes, next.nodes),
      edges: reuseEdges(previous.current.edges, next.edges),
    };
    previous.current = result;
    return result;
  }, [board, stats, selectedId, editable]);
}
