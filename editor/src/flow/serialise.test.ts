import { BUILT_IN_EVENT_TYPES } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { handler } from '../test/fixtures';
import { FIRST_HANDLER_X, HANDLER_STEP, LAYOUT } from './layout';
import { buildBoard, planDrop, planMove, planStep, toFlow } from './serialise';
import { eventNodeId, handlerNodeId, type HandlerNode } from './types';

const catalog = [
  ...BUILT_IN_EVENT_TYPES,
  { type: 'billing.invoice.paid', label: 'Invoice paid', group: 'Custom' as const, builtIn: false },
];
const hidden = { showArchived: false, showEmpty: false };

const handlers = [
  handler({ id: 1, event: 'importd.process_failed', priority: 1 }),
  handler({ id: 2, event: 'clients.create', priority: 3 }),
  handler({ id: 3, event: 'clients.create', priority: 1, condition: { path: 'data.balance', op: 'lt', value: 0 } }),
  handler({ id: 4, event: 'clients.create', priority: 2, status: 'disabled' }),
  handler({ id: 5, event: 'clients.subscriptions.renew', priority: 1 }),
  handler({ id: 6, event: 'clients.create', priority: 1, status: 'archived' }),
  handler({ id: 7, event: 'billing.invoice.paid', priority: 1 }),
  handler({ id: 8, event: 'clients.accounts.create', priority: 5 }),
  handler({ id: 9, event: 'clients.update', priority: 1, status: 'archived' }),
  handler({ id: 10, event: 'clients.create', priority: 3, version: 4 }),
];

describe('handlers → lanes', () => {
  it('makes one lane per event with handlers, grouped Clients / Accounts / Subscriptions / Import / Custom', () => {
    const board = buildBoard(handlers, catalog, hidden);
    expect(board.groups.map((g) => g.group)).toEqual(['Clients', 'Accounts', 'Subscriptions', 'Import', 'Custom']);
    expect(board.lanes.map((l) => l.event)).toEqual([
      'clients.create',
      'clients.accounts.create',
      'clients.subscriptions.renew',
      'importd.process_failed',
      'billing.invoice.paid',
    ]);
    // Lanes stack downwards, and groups leave a gap between them.
    const tops = board.lanes.map((l) => l.top);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  });

  it('chains each lane in run order: priority, then id; disabled handlers stay in the chain', () => {
    const lane = buildBoard(handlers, catalog, hidden).lanes[0];
    expect(lane?.chain.map((h) => h.id)).toEqual([3, 4, 2, 10]);
  });

  it('hides archived handlers, and lanes holding only archived ones, unless asked', () => {
    const board = buildBoard(handlers, catalog, hidden);
    expect(board.lanes.some((l) => l.event === 'clients.update')).toBe(false);
    expect(board.lanes[0]?.archived).toEqual([]);

    const shown = buildBoard(handlers, catalog, { showArchived: true, showEmpty: false });
    expect(shown.lanes.map((l) => l.event)).toContain('clients.update');
    const create = shown.lanes.find((l) => l.event === 'clients.create');
    expect(create?.chain.map((h) => h.id)).toEqual([3, 4, 2, 10]);
    expect(create?.archived.map((h) => h.id)).toEqual([6]);
  });

  it('shows an empty lane for every catalogue type when asked', () => {
    const board = buildBoard([], catalog, { showArchived: false, showEmpty: true });
    expect(board.lanes).toHaveLength(catalog.length);
    expect(board.lanes.every((l) => l.chain.length === 0)).toBe(true);
  });

  it("gives Hookline's own events a lane group of their own, Hookline, after every other", () => {
    const board = buildBoard(
      [
        ...handlers,
        handler({ id: 20, event: 'hookline.replay.finished', priority: 1 }),
        handler({ id: 21, event: 'hookline.handler.disabled', priority: 1 }),
      ],
      catalog,
      hidden
    );
    expect(board.groups.map((g) => g.group)).toEqual([
      'Clients',
      'Accounts',
      'Subscriptions',
      'Import',
      'Custom',
      'Hookline',
    ]);
    const hookline = board.groups.at(-1);
    expect(hookline?.lanes.map((l) => [l.event, l.label])).toEqual([
      ['hookline.handler.disabled', 'Handler disabled by Hookline'],
      ['hookline.replay.finished', 'Bulk replay finished'],
    ]);
    expect(hookline?.top).toBeGreaterThan(board.groups.at(-2)?.top ?? Infinity);
    const { nodes } = toFlow(board, { editable: true, selectedId: null });
    expect(nodes.filter((n) => n.type === 'groupLabel').map((n) => n.data)).toContainEqual({
      group: 'Hookline',
      lanes: 2,
    });
  });

  it('puts an event type missing from the catalogue under Custom', () => {
    const board = buildBoard([handler({ id: 50, event: 'legacy.thing' })], catalog, hidden);
    expect(board.groups).toEqual([expect.objectContaining({ group: 'Custom' })]);
    expect(board.lanes[0]?.label).toBe('legacy.thing');
  });
});

describe('lanes → nodes and edges', () => {
  const board = buildBoard(handlers, catalog, { showArchived: true, showEmpty: false });
  const { nodes, edges } = toFlow(board, { editable: true, selectedId: 2 });
  const handlerNodes = nodes.filter((n): n is HandlerNode => n.type === 'handler');

  it('places the event on the left and its handlers to the right, in run order', () => {
    const event = nodes.find((n) => n.id === eventNodeId('clients.create'));
    const chain = [3, 4, 2, 10].map((id) => handlerNodes.find((n) => n.id === handlerNodeId(id)));
    expect(event?.position.x).toBe(0);
    expect(chain.map((n) => n?.position.x)).toEqual([0, 1, 2, 3].map((i) => FIRST_HANDLER_X + i * HANDLER_STEP));
    expect(new Set(chain.map((n) => n?.position.y))).toEqual(new Set([event?.position.y]));
    expect(chain.map((n) => n?.data.step)).toEqual([1, 2, 3, 4]);
  });

  it("declares every node's size and handles, so React Flow never renders a node just to measure it", () => {
    for (const node of nodes) {
      expect(node.measured, node.id).toEqual({ width: node.width, height: node.height });
      expect(node.handles, node.id).toBeDefined();
    }
    const [first] = handlerNodes;
    expect(
      first?.handles?.map((h) => [h.type, h.position, h.x + (h.width ?? 0) / 2, h.y + (h.height ?? 0) / 2])
    ).toEqual([
      ['target', 'left', 0, LAYOUT.nodeHeight / 2],
      ['source', 'right', LAYOUT.handlerWidth, LAYOUT.nodeHeight / 2],
    ]);
  });

  it('links the chain with edges that carry the condition badge of the handler they lead to', () => {
    const createEdges = edges.filter(
      (e) =>
        e.id.includes('event:clients.create') ||
        ['3', '4', '2', '10'].some((id) => e.source === handlerNodeId(Number(id)))
    );
    expect(createEdges.map((e) => [e.source, e.target])).toEqual([
      ['event:clients.create', 'handler:3'],
      ['handler:3', 'handler:4'],
      ['handler:4', 'handler:2'],
      ['handler:2', 'handler:10'],
    ]);
    expect(createEdges[0]?.data?.condition).toBe('data.balance < 0');
    expect(createEdges[1]?.data).toEqual({ condition: null, muted: true });
  });

  it('shows archived handlers after the chain, unlinked and not draggable; marks the selection', () => {
    const archived = handlerNodes.find((n) => n.id === handlerNodeId(6));
    expect(archived?.data.step).toBeNull();
    expect(archived?.draggable).toBe(false);
    expect(archived?.position.x).toBe(FIRST_HANDLER_X + 4 * HANDLER_STEP);
    expect(edges.some((e) => e.target === handlerNodeId(6))).toBe(false);
    expect(handlerNodes.filter((n) => n.selected).map((n) => n.id)).toEqual([handlerNodeId(2)]);
  });

  it('keeps node data plain and serialisable', () => {
    for (const node of nodes) expect(JSON.parse(JSON.stringify(node.data))).toEqual(node.data);
  });
});

describe('canvas moves → API calls', () => {
  const board = buildBoard(handlers, catalog, hidden);
  const create = board.lanes[0]!;
  const y = (event: string) => board.lanes.find((l) => l.event === event)!.top + 10;

  it('a drag along the chain is one reorder of the whole chain', () => {
    // Handler 3 (first) dropped on the third slot.
    const plan = planDrop(board, 3, { x: FIRST_HANDLER_X + 2 * HANDLER_STEP + 20, y: create.top + 5 });
    expect(plan).toEqual({ kind: 'reorder', request: { event: 'clients.create', order: [4, 2, 3, 10] } });
  });

  it('a drag to the front renumbers from the front; past the end it goes last', () => {
    expect(planDrop(board, 10, { x: FIRST_HANDLER_X - 100, y: create.top })).toEqual({
      kind: 'reorder',
      request: { event: 'clients.create', order: [10, 3, 4, 2] },
    });
    expect(planDrop(board, 3, { x: FIRST_HANDLER_X + 40 * HANDLER_STEP, y: create.top })).toEqual({
      kind: 'reorder',
      request: { event: 'clients.create', order: [4, 2, 10, 3] },
    });
  });

  it('a drop back on its own place, or outside every lane, asks for nothing', () => {
    expect(planDrop(board, 4, { x: FIRST_HANDLER_X + HANDLER_STEP + 30, y: create.top })).toEqual({ kind: 'none' });
    expect(planDrop(board, 4, { x: FIRST_HANDLER_X, y: -500 })).toEqual({ kind: 'none' });
  });

  it('a drop on another lane patches the event at the version shown, then places it where it was dropped', () => {
    const plan = planDrop(board, 10, {
      x: FIRST_HANDLER_X,
      y: y('clients.subscriptions.renew') - LAYOUT.nodeHeight / 2,
    });
    expect(plan).toEqual({
      kind: 'move',
      handlerId: 10,
      patch: { event: 'clients.subscriptions.renew', version: 4 },
      reorder: { event: 'clients.subscriptions.renew', order: [10, 5] },
    });
  });

  it('archived handlers are not in any run order and cannot be moved', () => {
    const shown = buildBoard(handlers, catalog, { showArchived: true, showEmpty: false });
    expect(planMove(shown, 6, 'clients.create', 0)).toEqual({ kind: 'none' });
  });

  it('keyboard steps move one place along the chain, or to the lane above or below', () => {
    expect(planStep(board, 4, 'left')).toEqual({
      kind: 'reorder',
      request: { event: 'clients.create', order: [4, 3, 2, 10] },
    });
    expect(planStep(board, 3, 'left')).toEqual({ kind: 'none' });
    expect(planStep(board, 4, 'down')).toEqual({
      kind: 'move',
      handlerId: 4,
      patch: { event: 'clients.accounts.create', version: 1 },
      reorder: { event: 'clients.accounts.create', order: [8, 4] },
    });
    expect(planStep(board, 4, 'up')).toEqual({ kind: 'none' });
  });
});
