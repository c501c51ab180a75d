import { useContext } from 'react';
import { CanvasActionsContext, type CanvasActions } from './canvas-actions';

export function useCanvasActions(): CanvasActions {
  const actions = useContext(CanvasActionsContext);
  if (!actions) throw new Error('useCanvasActions needs the Canvas above it');
  return actions;
}
