import { useContext } from 'react';
import { SelectionContext, type SelectionApi } from './selection-context';

export function useSelection(): SelectionApi {
  return useContext(SelectionContext);
}
