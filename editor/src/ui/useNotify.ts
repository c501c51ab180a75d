import { useContext } from 'react';
import { NoticeContext, type NoticeApi } from './notice-context';

export function useNotify(): NoticeApi['notify'] {
  return useContext(NoticeContext).notify;
}
