import { useContext } from 'react';
import { HandlersActionsContext, type HandlersActions } from './handlers-context';

export function useHandlerActions(): HandlersActions {
  const actions = useContext(HandlersActionsContext);
  if (!actions) throw new Error('useHandlerActions needs a HandlersProvider above it');
  return actions;
}
