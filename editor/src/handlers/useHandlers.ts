import { useContext } from 'react';
import { HandlersStateContext, type HandlersState } from './handlers-context';

export function useHandlers(): HandlersState {
  const state = useContext(HandlersStateContext);
  if (!state) throw new Error('useHandlers needs a HandlersProvider above it');
  return state;
}
