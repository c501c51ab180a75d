import {
  MarkerType,
  ReactFlow,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Edge,
  type Node,
  type Viewport,
} from '@xyflow/react';
import { useEffect } from 'react';
import '@xyflow/react/dist/style.css';
import { createRoot } from 'react-dom/client';
import { handlerX, LAYOUT, NODE_Y_OFFSET } from '../../../../editor/src/flow/layout';

/*
 * The floor for the editor benchmark: React Flow alone, with default nodes and edges placed exactly where the editor
 * places its event and handler nodes (the editor's own layout constants), in a pane of the editor canvas's size and
 * at its viewport. Nothing of Hookline: no data fetching, no custom nodes, no list, no inspector.
 */

interface Config {
  /** Handlers per lane, lanes grouped as the editor groups them. */
  groups: number[][];
  width: number;
  height: number;
  viewport: Viewport;
  onlyRenderVisibleElements: boolean;
}

const config = JSON.parse(decodeURIComponent(window.location.hash.slice(1))) as Config;

function build(): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  let y = 0;
  let lane = 0;
  config.groups.forEach((group, g) => {
    if (g > 0) y += LAYOUT.groupGap;
    y += LAYOUT.groupHeaderHeight;
    for (const handlers of group) {
      const top = y + NODE_Y_OFFSET;
      let previous = `e-${lane}`;
      nodes.push({
        id: previous,
        position: { x: 0, y: top },
        data: { label: `Event ${lane + 1}` },
        width: LAYOUT.eventWidth,
        height: LAYOUT.nodeHeight,
      });
      for (let slot = 0; slot < handlers; slot++) {
        const id = `h-${lane}-${slot}`;
        nodes.push({
          id,
          position: { x: handlerX(slot), y: top },
          data: { label: `Handler ${lane + 1}.${slot + 1}` },
          width: LAYOUT.handlerWidth,
          height: LAYOUT.nodeHeight,
        });
        edges.push({
          id: `${previous}->${id}`,
          source: previous,
          target: id,
          markerEnd: { type: MarkerType.ArrowClosed },
        });
        previous = id;
      }
      y += LAYOUT.laneHeight + LAYOUT.laneGap;
      lane++;
    }
  });
  return { nodes, edges };
}

const initial = build();

/** Lets the benchmark move the viewport (to the editor's zoomed-out view) as the editor's controls would. */
function ViewportHandle() {
  const { setViewport } = useReactFlow();
  useEffect(() => {
    (window as unknown as { __baseline: unknown }).__baseline = {
      setViewport: (viewport: Viewport) => void setViewport(viewport),
    };
  }, [setViewport]);
  return null;
}
const proOptions = { hideAttribution: true };

function App() {
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  return (
    <div style={{ width: config.width, height: config.height }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        defaultViewport={config.viewport}
        minZoom={0.15}
        maxZoom={1.5}
        nodesConnectable={false}
        selectNodesOnDrag={false}
        onlyRenderVisibleElements={config.onlyRenderVisibleElements}
        proOptions={proOptions}
      >
        <ViewportHandle />
      </ReactFlow>
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<App />);
