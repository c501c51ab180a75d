import { Position, type NodeHandle } from '@xyflow/react';

/** Geometry of the canvas, in flow coordinates. Lanes are rows; a chain runs left to right. */
export const LAYOUT = {
  nodeHeight: 88,
  eventWidth: 210,
  handlerWidth: 236,
  /** Horizontal space between two nodes of a chain, where the condition badge sits. */
  gap: 112,
  laneHeight: 124,
  laneGap: 12,
  groupHeaderHeight: 34,
  groupGap: 28,
  lanePadX: 20,
  /** Minimum lane width, in handler slots, so short chains still offer room to drop. */
  minSlots: 4,
} as const;

export const HANDLER_STEP = LAYOUT.handlerWidth + LAYOUT.gap;
export const FIRST_HANDLER_X = LAYOUT.eventWidth + LAYOUT.gap;
export const NODE_Y_OFFSET = (LAYOUT.laneHeight - LAYOUT.nodeHeight) / 2;

export function handlerX(slot: number): number {
  return FIRST_HANDLER_X + slot * HANDLER_STEP;
}

/** The chain slot nearest to a node's left edge at `x`. */
export function slotAt(x: number): number {
  return Math.max(0, Math.round((x - FIRST_HANDLER_X) / HANDLER_STEP));
}

export function laneWidth(slots: number): number {
  return FIRST_HANDLER_X + Math.max(slots + 1, LAYOUT.minSlots) * HANDLER_STEP + LAYOUT.lanePadX * 2;
}

/** React Flow's default handle: a 6 px square centred on the node's edge. */
const HANDLE_SIZE = 6;

/**
 * Where a node's chain handles are — a target on the left edge and/or a source on the right edge, mid-height, as
 * HandlerNode and EventNode draw them — so that React Flow knows them without rendering the node (see toFlow).
 */
export function chainHandles(width: number, sides: { target: boolean; source: boolean }): NodeHandle[] {
  const y = LAYOUT.nodeHeight / 2 - HANDLE_SIZE / 2;
  const size = { width: HANDLE_SIZE, height: HANDLE_SIZE, id: null };
  const handles: NodeHandle[] = [];
  if (sides.target) handles.push({ type: 'target', position: Position.Left, x: -HANDLE_SIZE / 2, y, ...size });
  if (sides.source) handles.push({ type: 'source', position: Position.Right, x: width - HANDLE_SIZE / 2, y, ...size });
  return handles;
}
