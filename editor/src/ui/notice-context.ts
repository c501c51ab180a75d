import { createContext } from 'react';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

export interface NoticeApi {
  notify: (tone: NoticeTone, text: string) => void;
}

export const NoticeContext = createContext<NoticeApi>({ notify: () => undefined });
