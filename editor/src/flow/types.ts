import type { EventGroup, HandlerKind, HandlerStatus, OnFailure } from '@hookline/domain';
import type { Edge, Node } from '@xyflow/react';

/*
 * Node data is plain, serialisable and flat (primitives only), so that unchanged nodes can be
 * recognised by a shallow comparison and keep their identity between renders. Behaviour reaches
 * the nodes through CanvasActionsContext, never through `data`.
 */

export type GroupLabelNodeData = { group: EventGroup; lanes: number };

export type LaneNodeData = { event: string; label: string; empty: boolean };

export type EventNodeData = { event: string; label: string; group: EventGroup; handlers: number };

export type HandlerNodeData = {
  handlerId: number;
  name: string;
  event: string;
  kind: HandlerKind;
  target: string;
  status: HandlerStatus;
  priority: number;
  /** 1-based place in the run order; null for an archived handler, which is not in it. */
  step: number | null;
  onFailure: OnFailure;
  hasCondition: boolean;
  /** Health over the chosen window; `calls` is null when the overlay is off or there are no stats. */
  calls: number | null;
  failures: number | null;
  p95Ms: number | null;
  /** Marked failing by the server's policy, or failing by the overlay's stats. */
  failing: boolean;
  /** Why Hookline disabled it (`statusReason` of a disabled handler); null when a person set the status. */
  autoDisabledReason: string | null;
};

export type GroupLabelNode = Node<GroupLabelNodeData, 'groupLabel'>;
export type LaneNode = Node<LaneNodeData, 'lane'>;
export type EventNode = Node<EventNodeData, 'event'>;
export type HandlerNode = Node<HandlerNodeData, 'handler'>;

/** Every node the canvas shows: a discriminated union on `type`. */
export type AppNode = GroupLabelNode | LaneNode | EventNode | HandlerNode;

export type ChainEdgeData = {
  /** The target handler's condition as one line (null: it always runs). */
  condition: string | null;
  /** The edge leads into a disabled handler. */
  muted: boolean;
};

export type ChainEdge = Edge<ChainEdgeData, 'chain'>;
export type AppEdge = ChainEdge;

export const handlerNodeId = (id: number): string => `handler:${id}`;
export const eventNodeId = (event: string): string => `event:${event}`;
export const laneNodeId = (event: string): string => `lane:${event}`;
export const groupNodeId = (group: string): string => `group:${group}`;
