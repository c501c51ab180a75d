import { ReactFlowProvider } from '@xyflow/react';
import { useState } from 'react';
import { Canvas } from './flow/Canvas';
import { useSelection } from './handlers/useSelection';
import { InspectorPanel } from './inspector/InspectorPanel';
import { HandlerList } from './list/HandlerList';

type View = 'both' | 'canvas' | 'list';

const VIEWS: { view: View; label: string }[] = [
  { view: 'both', label: 'Both' },
  { view: 'canvas', label: 'Canvas' },
  { view: 'list', label: 'List' },
];

/** The canvas and the classic list side by side, and the inspector of the selected handler. */
export function HandlersWorkspace() {
  const [view, setView] = useState<View>('both');
  const { selection } = useSelection();
  const viewSwitch = (
    <div className="view-switch" role="radiogroup" aria-label="Show">
      {VIEWS.map((v) => (
        <button
          key={v.view}
          type="button"
          role="radio"
          aria-checked={view === v.view}
          className={`segment${view === v.view ? ' is-active' : ''}`}
          onClick={() => setView(v.view)}
          data-testid={`view-${v.view}`}
        >
          {v.label}
        </button>
      ))}
    </div>
  );

  return (
    <div className="workspace-wrap">
      <div className={`workspace workspace-${view}${selection ? ' has-inspector' : ''}`}>
        {view !== 'list' && (
          <ReactFlowProvider>
            <Canvas toolbarEnd={viewSwitch} />
          </ReactFlowProvider>
        )}
        {view !== 'canvas' && <HandlerList toolbarEnd={view === 'list' ? viewSwitch : null} />}
        <InspectorPanel />
      </div>
    </div>
  );
}
