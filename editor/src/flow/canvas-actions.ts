import type { HandlerKind } from '@hookline/domain';
import { createContext } from 'react';

export type StepDirection = 'left' | 'right' | 'up' | 'down';

/**
 * What nodes can ask of the canvas. Stable for the canvas's lifetime, so reading it never
 * re-renders a node; node `data` stays plain and serialisable.
 */
export interface CanvasActions {
  select: (handlerId: number) => void;
  addHandler: (event: string, kind: HandlerKind) => void;
  step: (handlerId: number, direction: StepDirection) => void;
  requestDelete: (handlerId: number) => void;
}

export const CanvasActionsContext = createContext<CanvasActions | null>(null);

/** Whether the key's role may change handlers (drag, add, delete): read by nodes to show or hide controls. */
export const CanvasEditableContext = createContext(false);
