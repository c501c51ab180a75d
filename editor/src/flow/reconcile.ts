import type { AppEdge, AppNode } from './types';

function shallowEqual(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key], b[key]));
}

function sameNode(a: AppNode, b: AppNode): boolean {
  return (
    a.type === b.type &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.width === b.width &&
    a.height === b.height &&
    a.selected === b.selected &&
    a.draggable === b.draggable &&
    shallowEqual(a.data, b.data)
  );
}

/**
 * Keeps the previous object of every node (and edge) whose content did not change, so that React
 * Flow and the memoised node components skip it: with 500 handlers a stats refresh or a selection
 * re-renders only the nodes it touches.
 */
export function reuseNodes(previous: readonly AppNode[], next: AppNode[]): AppNode[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((n) => [n.id, n]));
  return next.map((node) => {
    const before = byId.get(node.id);
    return before && sameNode(before, node) ? before : node;
  });
}

export function reuseEdges(previous: readonly AppEdge[], next: AppEdge[]): AppEdge[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((e) => [e.id, e]));
  return next.map((edge) => {
    const before = byId.get(edge.id);
    return before &&
      before.source === edge.source &&
      before.target === edge.target &&
      shallowEqual(before.data, edge.data)
      ? before
      : edge;
  });
}

/**
 * The canvas's node state after the layout changed: the layout wins on everything it says
 * (position included, so a drag the server did not take snaps back), while the size React Flow
 * measured is carried over so nodes are not measured again.
 */
export function syncWithLayout(current: AppNode[], layout: readonly AppNode[]): AppNode[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  const next = layout.map((node) => {
    const now = byId.get(node.id);
    if (!now) return node;
    if (now === node || (!now.dragging && sameNode(now, node) && now.data === node.data)) return now;
    return now.measured ? { ...node, measured: now.measured } : node;
  });
  // Nothing changed: the same array, so React Flow has nothing to adopt.
  return next.length === current.length && next.every((n, i) => n === current[i]) ? current : next;
}
