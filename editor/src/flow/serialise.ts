import {
  byPriority,
  EVENT_GROUPS,
  type EventGroup,
  type Handler,
  type HandlerStats,
  type ReorderRequest,
} from '@hookline/domain';
import { MarkerType } from '@xyflow/react';
import { describeCondition } from '../condition/describe';
import { isFailing } from '../health/failing';
import { isAutoDisabled, isMarkedFailing } from '../health/handler-health';
import { chainHandles, handlerX, LAYOUT, laneWidth, NODE_Y_OFFSET, slotAt } from './layout';
import {
  eventNodeId,
  groupNodeId,
  handlerNodeId,
  laneNodeId,
  type AppEdge,
  type AppNode,
  type HandlerNodeData,
} from './types';

/*
 * The one place that converts between the API's handlers and the canvas: handlers → lanes → nodes
 * and edges, and a drag on the canvas → the exact API calls that make it true. Pure functions, so
 * that the canvas can only ever show what the server holds.
 */

export interface EventInfo {
  type: string;
  label: string;
  group: EventGroup;
}

export interface Lane {
  event: string;
  label: string;
  group: EventGroup;
  /** Flow y of the lane's top edge. */
  top: number;
  /** The run order: every non-archived handler (enabled and disabled), first to run first. */
  chain: Handler[];
  /** Archived handlers, when shown: after the chain, outside the run order. */
  archived: Handler[];
}

export interface LaneGroup {
  group: EventGroup;
  top: number;
  lanes: Lane[];
}

export interface Board {
  groups: LaneGroup[];
  /** Every lane, top to bottom. */
  lanes: Lane[];
  width: number;
}

export interface BoardOptions {
  showArchived: boolean;
  /** Show a lane for every catalogue type, so a handler can be added to (or dropped on) an empty one. */
  showEmpty: boolean;
}

function groupRank(group: EventGroup): number {
  const rank = EVENT_GROUPS.indexOf(group);
  return rank === -1 ? EVENT_GROUPS.length : rank;
}

/** Lanes grouped Clients / Accounts / Subscriptions / Import / Custom / Hookline, each in catalogue order. */
export function buildBoard(handlers: readonly Handler[], catalog: readonly EventInfo[], options: BoardOptions): Board {
  const byEvent = new Map<string, Handler[]>();
  for (const handler of handlers) {
    const list = byEvent.get(handler.event);
    if (list) list.push(handler);
    else byEvent.set(handler.event, [handler]);
  }

  const catalogRank = new Map(catalog.map((entry, index) => [entry.type, index]));
  const infoOf = new Map(catalog.map((entry) => [entry.type, entry]));
  const events = new Set<string>(options.showEmpty ? catalog.map((e) => e.type) : []);
  for (const [event, list] of byEvent) {
    if (options.showArchived || list.some((h) => h.status !== 'archived')) events.add(event);
  }

  const infos = [...events].map(
    (event): EventInfo => infoOf.get(event) ?? { type: event, label: event, group: 'Custom' }
  );
  infos.sort(
    (a, b) =>
      groupRank(a.group) - groupRank(b.group) ||
      (catalogRank.get(a.type) ?? Number.MAX_SAFE_INTEGER) - (catalogRank.get(b.type) ?? Number.MAX_SAFE_INTEGER) ||
      a.type.localeCompare(b.type)
  );

  const groups: LaneGroup[] = [];
  const lanes: Lane[] = [];
  let y = 0;
  let widest = 0;
  for (const info of infos) {
    let group = groups.at(-1);
    if (group?.group !== info.group) {
      if (group) y += LAYOUT.groupGap;
      group = { group: info.group, top: y, lanes: [] };
      groups.push(group);
      y += LAYOUT.groupHeaderHeight;
    }
    const own = [...(byEvent.get(info.type) ?? [])].sort(byPriority);
    const lane: Lane = {
      event: info.type,
      label: info.label,
      group: info.group,
      top: y,
      chain: own.filter((h) => h.status !== 'archived'),
      archived: options.showArchived ? own.filter((h) => h.status === 'archived') : [],
    };
    widest = Math.max(widest, lane.chain.length + lane.archived.length);
    group.lanes.push(lane);
    lanes.push(lane);
    y += LAYOUT.laneHeight + LAYOUT.laneGap;
  }
  return { groups, lanes, width: laneWidth(widest) };
}

const CHAIN_ARROW = { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#8d99aa' };

export interface FlowOptions {
  stats?: ReadonlyMap<number, HandlerStats> | null;
  selectedId?: number | null;
  /** Whether handlers may be dragged at all (the key's role may design). */
  editable?: boolean;
}

export function handlerNodeData(
  handler: Handler,
  step: number | null,
  stats: HandlerStats | undefined | null
): HandlerNodeData {
  return {
    handlerId: handler.id,
    name: handler.name,
    event: handler.event,
    kind: handler.kind,
    target: handler.target,
    status: handler.status,
    priority: handler.priority,
    step,
    onFailure: handler.onFailure,
    hasCondition: handler.condition !== null,
    calls: stats ? stats.calls : null,
    failures: stats ? stats.failures : null,
    p95Ms: stats ? stats.p95Ms : null,
    failing: isMarkedFailing(handler) || isFailing(stats ?? undefined),
    autoDisabledReason: isAutoDisabled(handler) ? handler.statusReason : null,
  };
}

/** Nodes (backgrounds first, so they paint below) and the chain edges with their condition badges. */
export function toFlow(board: Board, options: FlowOptions = {}): { nodes: AppNode[]; edges: AppEdge[] } {
  const { stats = null, selectedId = null, editable = false } = options;
  const nodes: AppNode[] = [];
  const edges: AppEdge[] = [];
  const fixed = { draggable: false, selectable: false, focusable: false, deletable: false } as const;
  /*
   * Every node has a fixed size and fixed handles, declared here with the size as already measured: React Flow then
   * never has to render a node to learn either. Otherwise it renders and measures every node once, off-screen ones
   * included, before it draws only those in view (onlyRenderVisibleElements), and its "fit view" leaves out nodes
   * it has not measured.
   */
  const box = (width: number, height: number) => ({ width, height, measured: { width, height } });
  const noHandles = { handles: [] };
  const eventHandles = chainHandles(LAYOUT.eventWidth, { target: false, source: true });
  const handlerHandles = chainHandles(LAYOUT.handlerWidth, { target: true, source: true });

  for (const group of board.groups) {
    nodes.push({
      id: groupNodeId(group.group),
      type: 'groupLabel',
      position: { x: -LAYOUT.lanePadX, y: group.top },
      data: { group: group.group, lanes: group.lanes.length },
      ...box(board.width, LAYOUT.groupHeaderHeight),
      ...noHandles,
      ...fixed,
    });
    for (const lane of group.lanes) {
      nodes.push({
        id: laneNodeId(lane.event),
        type: 'lane',
        position: { x: -LAYOUT.lanePadX, y: lane.top },
        data: { event: lane.event, label: lane.label, empty: lane.chain.length + lane.archived.length === 0 },
        ...box(board.width, LAYOUT.laneHeight),
        zIndex: -1,
        ...noHandles,
        ...fixed,
      });
    }
  }

  for (const lane of board.lanes) {
    const y = lane.top + NODE_Y_OFFSET;
    nodes.push({
      id: eventNodeId(lane.event),
      type: 'event',
      position: { x: 0, y },
      data: { event: lane.event, label: lane.label, group: lane.group, handlers: lane.chain.length },
      ...box(LAYOUT.eventWidth, LAYOUT.nodeHeight),
      handles: eventHandles,
      ...fixed,
    });
    let previous = eventNodeId(lane.event);
    lane.chain.forEach((handler, index) => {
      const id = handlerNodeId(handler.id);
      nodes.push({
        id,
        type: 'handler',
        position: { x: handlerX(index), y },
        data: handlerNodeData(handler, index + 1, stats?.get(handler.id)),
        ...box(LAYOUT.handlerWidth, LAYOUT.nodeHeight),
        handles: handlerHandles,
        selected: handler.id === selectedId,
        // Otherwise React Flow's `nodesDraggable` decides, which pauses dragging while a move saves.
        ...(editable ? {} : { draggable: false }),
        selectable: true,
        focusable: false,
        deletable: false,
      });
      edges.push({
        id: `chain:${previous}->${id}`,
        type: 'chain',
        source: previous,
        target: id,
        data: {
          condition: handler.condition ? describeCondition(handler.condition) : null,
          muted: handler.status !== 'enabled',
        },
        markerEnd: CHAIN_ARROW,
        selectable: false,
        focusable: false,
        deletable: false,
      });
      previous = id;
    });
    lane.archived.forEach((handler, index) => {
      nodes.push({
        id: handlerNodeId(handler.id),
        type: 'handler',
        position: { x: handlerX(lane.chain.length + index), y },
        data: handlerNodeData(handler, null, stats?.get(handler.id)),
        ...box(LAYOUT.handlerWidth, LAYOUT.nodeHeight),
        handles: handlerHandles,
        selected: handler.id === selectedId,
        // Archived handlers are outside every run order: nothing to reorder. They move by the form.
        draggable: false,
        selectable: true,
        focusable: false,
        deletable: false,
      });
    });
  }
  return { nodes, edges };
}

/** What a drag (or a keyboard move) asks the server for. */
export type MovePlan =
  | { kind: 'none' }
  | { kind: 'reorder'; request: ReorderRequest }
  | {
      kind: 'move';
      handlerId: number;
      /** Changes the event, at the version the canvas was drawn from. */
      patch: { event: string; version: number };
      /** Then places it where it was dropped in its new chain. */
      reorder: ReorderRequest;
    };

export function laneAt(board: Board, y: number): Lane | null {
  return board.lanes.find((lane) => y >= lane.top && y < lane.top + LAYOUT.laneHeight) ?? null;
}

export function laneOf(board: Board, handlerId: number): { lane: Lane; index: number } | null {
  for (const lane of board.lanes) {
    const index = lane.chain.findIndex((h) => h.id === handlerId);
    if (index !== -1) return { lane, index };
  }
  return null;
}

function insertAt(ids: number[], id: number, index: number): number[] {
  const at = Math.min(Math.max(index, 0), ids.length);
  return [...ids.slice(0, at), id, ...ids.slice(at)];
}

/** Moves a handler of a chain to `index` of the chain of `toEvent` (its own or another lane's). */
export function planMove(board: Board, handlerId: number, toEvent: string, index: number): MovePlan {
  const from = laneOf(board, handlerId);
  if (!from) return { kind: 'none' };
  const handler = from.lane.chain[from.index] as Handler;

  if (toEvent === from.lane.event) {
    const current = from.lane.chain.map((h) => h.id);
    const order = insertAt(
      current.filter((id) => id !== handlerId),
      handlerId,
      index
    );
    if (order.every((id, i) => id === current[i])) return { kind: 'none' };
    return { kind: 'reorder', request: { event: toEvent, order } };
  }

  const target = board.lanes.find((lane) => lane.event === toEvent);
  const order = insertAt(target ? target.chain.map((h) => h.id) : [], handlerId, index);
  return {
    kind: 'move',
    handlerId,
    patch: { event: toEvent, version: handler.version },
    reorder: { event: toEvent, order },
  };
}

/** A handler node dropped with its top-left corner at `position`. */
export function planDrop(board: Board, handlerId: number, position: { x: number; y: number }): MovePlan {
  const lane = laneAt(board, position.y + LAYOUT.nodeHeight / 2);
  if (!lane) return { kind: 'none' };
  return planMove(board, handlerId, lane.event, slotAt(position.x));
}

/** Keyboard moves: one step along the chain (±1) or to the lane above or below (±1). */
export function planStep(board: Board, handlerId: number, direction: 'left' | 'right' | 'up' | 'down'): MovePlan {
  const from = laneOf(board, handlerId);
  if (!from) return { kind: 'none' };
  if (direction === 'left' || direction === 'right') {
    return planMove(board, handlerId, from.lane.event, from.index + (direction === 'left' ? -1 : 1));
  }
  const laneIndex = board.lanes.indexOf(from.lane) + (direction === 'up' ? -1 : 1);
  const target = board.lanes[laneIndex];
  if (!target) return { kind: 'none' };
  return planMove(board, handlerId, target.event, from.index);
}
