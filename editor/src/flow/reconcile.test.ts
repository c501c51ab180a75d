import { BUILT_IN_EVENT_TYPES } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { handler } from '../test/fixtures';
import { reuseNodes, syncWithLayout } from './reconcile';
import { buildBoard, toFlow } from './serialise';
import type { AppNode } from './types';

const options = { showArchived: false, showEmpty: false };

describe('reuseNodes', () => {
  it('keeps the objects of unchanged nodes, so memoised nodes skip rendering', () => {
    const handlers = [
      handler({ id: 1, event: 'clients.create' }),
      handler({ id: 2, event: 'clients.create', priority: 2 }),
    ];
    const first = toFlow(buildBoard(handlers, BUILT_IN_EVENT_TYPES, options)).nodes;
    const renamed = [handlers[0]!, { ...handlers[1]!, name: 'Renamed' }];
    const second = reuseNodes(first, toFlow(buildBoard(renamed, BUILT_IN_EVENT_TYPES, options)).nodes);

    const byId = (nodes: AppNode[], id: string) => nodes.find((n) => n.id === id);
    expect(byId(second, 'handler:1')).toBe(byId(first, 'handler:1'));
    expect(byId(second, 'event:clients.create')).toBe(byId(first, 'event:clients.create'));
    expect(byId(second, 'handler:2')).not.toBe(byId(first, 'handler:2'));
  });
});

describe('syncWithLayout', () => {
  it('puts a dragged node back where the layout says, keeping its measured size', () => {
    const layout = toFlow(
      buildBoard([handler({ id: 1, event: 'clients.create' })], BUILT_IN_EVENT_TYPES, options)
    ).nodes;
    const dragged = layout.map((n) =>
      n.id === 'handler:1' ? { ...n, position: { x: 999, y: 999 }, measured: { width: 236, height: 88 } } : n
    );
    const synced = syncWithLayout(dragged, layout);
    const node = synced.find((n) => n.id === 'handler:1');
    expect(node?.position).toEqual(layout.find((n) => n.id === 'handler:1')?.position);
    expect(node?.measured).toEqual({ width: 236, height: 88 });
  });
});
