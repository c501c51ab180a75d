import { useState } from 'react';
import { useHandlers } from '../handlers/useHandlers';
import { useSelection } from '../handlers/useSelection';
import { Inspector } from './Inspector';
import { SecretReveal } from './SecretReveal';

/** The inspector column: the selected handler, a new one being drafted, or nothing at all. */
export function InspectorPanel() {
  const { selection, select } = useSelection();
  const { byId, handlers } = useHandlers();
  const [revealed, setRevealed] = useState<{ handlerId: number; secret: string } | null>(null);

  if (!selection) return null;
  const close = () => select(null);
  const secret =
    revealed && selection.kind === 'handler' && revealed.handlerId === selection.id ? revealed.secret : null;

  if (selection.kind === 'handler') {
    const handler = byId.get(selection.id);
    if (!handler) {
      return (
        <div className="inspector-column">
          <aside className="inspector inspector-gone" data-testid="inspector">
            <p className="muted">Handler #{selection.id} does not exist (any more).</p>
            <button type="button" className="button" onClick={close}>
              Close
            </button>
          </aside>
        </div>
      );
    }
    return (
      <div className="inspector-column">
        {secret && <SecretReveal secret={secret} onDismiss={() => setRevealed(null)} />}
        <Inspector
          key={`handler-${handler.id}`}
          handler={handler}
          draft={null}
          onClose={close}
          onCreated={() => undefined}
          onSecret={(handlerId, value) => setRevealed({ handlerId, secret: value })}
        />
      </div>
    );
  }

  const lane = handlers.filter((h) => h.event === selection.event && h.status !== 'archived');
  const priority = lane.reduce((max, h) => Math.max(max, h.priority), 0) + 1;
  return (
    <div className="inspector-column">
      <Inspector
        key={`new-${selection.event}-${selection.handlerKind}-${selection.nonce}`}
        handler={null}
        draft={{ event: selection.event, kind: selection.handlerKind, priority }}
        onClose={close}
        onCreated={(created) => select({ kind: 'handler', id: created.id })}
        onSecret={(handlerId, value) => setRevealed({ handlerId, secret: value })}
      />
    </div>
  );
}
