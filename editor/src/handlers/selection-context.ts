import type { HandlerKind } from '@hookline/domain';
import { createContext } from 'react';

/** What the inspector shows: a handler, a new one being drafted, or nothing. */
export type Selection =
  { kind: 'handler'; id: number } | { kind: 'new'; event: string; handlerKind: HandlerKind; nonce: number } | null;

let draftNonce = 0;

/** A fresh draft each time, even for the same lane twice: the form starts empty again. */
export function draftSelection(event: string, handlerKind: HandlerKind): Selection {
  draftNonce += 1;
  return { kind: 'new', event, handlerKind, nonce: draftNonce };
}

export interface SelectionApi {
  selection: Selection;
  select: (selection: Selection) => void;
}

export const SelectionContext = createContext<SelectionApi>({ selection: null, select: () => undefined });
