import type { HandlerKind } from '@hookline/domain';
import type { DragEvent } from 'react';

/** The drag payload of a palette item: the kind of handler to create. */
export const PALETTE_MIME = 'application/x-hookline-handler-kind';

const ITEMS: { kind: HandlerKind; label: string; title: string }[] = [
  { kind: 'http', label: 'HTTP', title: 'New HTTP handler: POSTs the event to a URL' },
  {
    kind: 'script',
    label: 'Script',
    title: 'New script handler: runs a script from the scripts folder (when enabled on the server)',
  },
];

interface Props {
  /** Keyboard and click: a new handler for the current event. */
  onAdd: (kind: HandlerKind) => void;
}

/** New handlers: drag one onto a lane, or press it to start one for the selected event. */
export function Palette({ onAdd }: Props) {
  function onDragStart(event: DragEvent, kind: HandlerKind) {
    event.dataTransfer.setData(PALETTE_MIME, kind);
    event.dataTransfer.effectAllowed = 'copy';
  }
  return (
    <div className="palette" role="group" aria-label="Add a handler: drag onto a lane, or press" data-testid="palette">
      {ITEMS.map((item) => (
        <button
          key={item.kind}
          type="button"
          className={`palette-item kind-${item.kind}`}
          draggable
          onDragStart={(e) => onDragStart(e, item.kind)}
          onClick={() => onAdd(item.kind)}
          title={`${item.title}. Drag onto a lane, or press to add one to the current event.`}
          data-testid={`palette-${item.kind}`}
        >
          <span aria-hidden="true">+</span> {item.label}
          <span className="visually-hidden"> handler</span>
        </button>
      ))}
    </div>
  );
}
