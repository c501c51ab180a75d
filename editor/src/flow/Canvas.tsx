import type { HandlerKind } from '@hookline/domain';
import {
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { usePermission } from '../auth/usePermission';
import { useCatalog } from '../catalog/useCatalog';
import { draftSelection } from '../handlers/selection-context';
import { useHandlerActions } from '../handlers/useHandlerActions';
import { useHandlers } from '../handlers/useHandlers';
import { useSelection } from '../handlers/useSelection';
import { useHandlerStats, type HealthWindow } from '../health/useHandlerStats';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useNotify } from '../ui/useNotify';
import { CanvasActionsContext, CanvasEditableContext, type CanvasActions, type StepDirection } from './canvas-actions';
import { CanvasToolbar } from './CanvasToolbar';
import { edgeTypes, nodeTypes } from './element-types';
import { CANVAS_HELP_ID } from './HandlerNode';
import { PALETTE_MIME } from './Palette';
import { syncWithLayout } from './reconcile';
import { buildBoard, laneAt, planDrop, planStep, type Board, type MovePlan } from './serialise';
import type { AppNode } from './types';
import { useFlowElements } from './useFlowElements';

const proOptions = { hideAttribution: true };
const defaultViewport = { x: 36, y: 20, zoom: 0.85 };
const minimapStyle = { width: 150, height: 96 };
/** At module scope: a new function on every render would re-render every minimap node on every drag step. */
const minimapNodeClass = (node: AppNode) => `minimap-${node.type ?? ''}`;

function describePlan(plan: MovePlan, handlerId: number, name: string): string {
  if (plan.kind === 'reorder') return `Moved “${name}” to place ${plan.request.order.indexOf(handlerId) + 1}.`;
  if (plan.kind === 'move')
    return `Moved “${name}” to ${plan.patch.event}, place ${plan.reorder.order.indexOf(handlerId) + 1}.`;
  return '';
}

/** One lane per event type, chains in run order; drag to reorder or to move to another event. */
export function Canvas({ toolbarEnd }: { toolbarEnd?: ReactNode }) {
  const { handlers, byId, status, error } = useHandlers();
  const catalog = useCatalog();
  const actions = useHandlerActions();
  const notify = useNotify();
  const { selection, select } = useSelection();
  const canDesign = usePermission('design');
  const { screenToFlowPosition } = useReactFlow();

  const [showArchived, setShowArchived] = useState(false);
  const [showEmpty, setShowEmpty] = useState(false);
  const [healthWindow, setHealthWindow] = useState<HealthWindow | null>('24h');
  const [saving, setSaving] = useState(false);
  const [syncToken, setSyncToken] = useState(0);
  const [liveMessage, setLiveMessage] = useState('');
  const [deleting, setDeleting] = useState<{ id: number; busy: boolean } | null>(null);
  const stats = useHandlerStats(healthWindow);

  const board = useMemo(
    () => buildBoard(handlers, catalog.entries, { showArchived, showEmpty }),
    [handlers, catalog.entries, showArchived, showEmpty]
  );
  const selectedId = selection?.kind === 'handler' ? selection.id : null;
  const layout = useFlowElements(board, { stats: stats.byId, selectedId, editable: canDesign });

  // React Flow's own node state: the layout, plus whatever a drag in progress has moved.
  const [nodes, setNodes] = useState<AppNode[]>(layout.nodes);
  useEffect(() => setNodes((current) => syncWithLayout(current, layout.nodes)), [layout.nodes, syncToken]);

  const boardRef = useRef<Board>(board);
  boardRef.current = board;
  const byIdRef = useRef(byId);
  byIdRef.current = byId;

  const onNodesChange = useCallback((changes: NodeChange<AppNode>[]) => {
    // Selection is the app's (the inspector follows it); removal goes through the confirmation.
    const kept = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
    if (kept.length > 0) setNodes((current) => applyNodeChanges(kept, current));
  }, []);

  const savingRef = useRef(false);
  const run = useCallback(
    async (plan: MovePlan, handlerId: number) => {
      if (plan.kind !== 'none' && !savingRef.current) {
        savingRef.current = true;
        setSaving(true);
        const ok = await actions.move(plan);
        savingRef.current = false;
        setSaving(false);
        const name = byIdRef.current.get(handlerId)?.name ?? `#${handlerId}`;
        if (ok) setLiveMessage(describePlan(plan, handlerId, name));
      }
      // Whatever happened, the canvas goes back to exactly what the server holds.
      setSyncToken((t) => t + 1);
    },
    [actions]
  );

  const onNodeDragStop: OnNodeDrag<AppNode> = useCallback(
    (_event, node) => {
      if (node.type !== 'handler') return;
      const handlerId = node.data.handlerId;
      void run(planDrop(boardRef.current, handlerId, node.position), handlerId);
    },
    [run]
  );

  const onNodeClick = useCallback(
    (_event: unknown, node: AppNode) => {
      if (node.type === 'handler') select({ kind: 'handler', id: node.data.handlerId });
    },
    [select]
  );

  const canvasActions = useMemo<CanvasActions>(
    () => ({
      select: (id) => select({ kind: 'handler', id }),
      addHandler: (event: string, kind: HandlerKind) => select(draftSelection(event, kind)),
      step: (id: number, direction: StepDirection) => void run(planStep(boardRef.current, id, direction), id),
      requestDelete: (id) => setDeleting({ id, busy: false }),
    }),
    [select, run]
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (kind !== 'http' && kind !== 'script') return;
      event.preventDefault();
      const lane = laneAt(boardRef.current, screenToFlowPosition({ x: event.clientX, y: event.clientY }).y);
      if (lane) select(draftSelection(lane.event, kind));
      else notify('info', 'Drop the new handler on the lane of its event.');
    },
    [screenToFlowPosition, select, notify]
  );

  const deletingHandler = deleting ? byId.get(deleting.id) : undefined;
  async function confirmDelete() {
    if (!deleting || !deletingHandler) return;
    setDeleting({ ...deleting, busy: true });
    try {
      await actions.remove(deleting.id);
      notify('success', `Deleted “${deletingHandler.name}”.`);
      if (selectedId === deleting.id) select(null);
    } catch (err) {
      notify('error', err instanceof Error ? err.message : String(err));
    }
    setDeleting(null);
  }

  const failing = useMemo(
    () => layout.nodes.filter((n) => n.type === 'handler' && n.data.failing).length,
    [layout.nodes]
  );
  const defaultEvent =
    (selectedId !== null ? byId.get(selectedId)?.event : undefined) ??
    board.lanes[0]?.event ??
    catalog.entries[0]?.type ??
    '';

  return (
    <section className="canvas-pane" aria-label="Handler canvas" data-testid="canvas">
      <CanvasToolbar
        showArchived={showArchived}
        onShowArchived={setShowArchived}
        showEmpty={showEmpty}
        onShowEmpty={setShowEmpty}
        healthWindow={healthWindow}
        onHealthWindow={setHealthWindow}
        healthError={stats.error}
        failing={failing}
        canDesign={canDesign}
        onAdd={(kind) => select(draftSelection(defaultEvent, kind))}
        end={toolbarEnd}
      />
      <p id={CANVAS_HELP_ID} className="visually-hidden">
        Enter opens the handler in the inspector.
        {canDesign &&
          ' Alt and the left or right arrow moves it along its chain; Alt and up or down moves it to the event above or below. Delete removes it.'}
      </p>
      <div className="visually-hidden" role="status" aria-live="polite">
        {liveMessage}
      </div>
      <div className="canvas-flow" onDragOver={onDragOver} onDrop={onDrop}>
        {status === 'loading' && <div className="canvas-overlay">Loading handlers…</div>}
        {saving && (
          <div className="canvas-saving" role="status">
            Saving the new order…
          </div>
        )}
        {status === 'error' && (
          <div className="canvas-overlay canvas-overlay-error" role="alert">
            Could not load the handlers: {error}
            <button type="button" className="button button-small" onClick={() => void actions.reload()}>
              Retry
            </button>
          </div>
        )}
        {status === 'ready' && board.lanes.length === 0 && (
          <div className="canvas-overlay">
            <p>No handlers yet.</p>
            <p className="muted small">
              {canDesign ? 'Drag one from the palette onto a lane, or show the empty lanes.' : 'Nothing to show.'}
            </p>
            {!showEmpty && (
              <button type="button" className="button button-small" onClick={() => setShowEmpty(true)}>
                Show empty lanes
              </button>
            )}
          </div>
        )}
        <CanvasEditableContext.Provider value={canDesign}>
          <CanvasActionsContext.Provider value={canvasActions}>
            <ReactFlow<AppNode>
              nodes={nodes}
              edges={layout.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onNodeDragStop={onNodeDragStop}
              onNodeClick={onNodeClick}
              defaultViewport={defaultViewport}
              minZoom={0.15}
              maxZoom={1.5}
              nodesDraggable={canDesign && !saving}
              nodesConnectable={false}
              nodesFocusable={false}
              edgesFocusable={false}
              elementsSelectable
              selectNodesOnDrag={false}
              deleteKeyCode={null}
              selectionKeyCode={null}
              multiSelectionKeyCode={null}
              disableKeyboardA11y
              panOnScroll
              onlyRenderVisibleElements
              proOptions={proOptions}
            >
              <Background gap={24} size={1} />
              <Controls showInteractive={false} position="bottom-left" />
              <MiniMap
                pannable
                zoomable
                position="bottom-right"
                style={minimapStyle}
                nodeClassName={minimapNodeClass}
              />
            </ReactFlow>
          </CanvasActionsContext.Provider>
        </CanvasEditableContext.Provider>
      </div>
      {deleting && deletingHandler && (
        <ConfirmDialog
          title={`Delete “${deletingHandler.name}”?`}
          confirmLabel="Delete handler"
          busy={deleting.busy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
          testId="delete-dialog"
        >
          <p>
            The handler is removed for good; its execution log stays. Archive it instead to keep it without running it.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
