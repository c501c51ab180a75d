import type { Handler, HandlerCreate, HandlerPatch, HandlerStatus, HandlerWritten } from '@hookline/domain';
import { createContext } from 'react';
import type { MovePlan } from '../flow/serialise';

export interface HandlersState {
  status: 'loading' | 'ready' | 'error';
  /** Every handler, archived ones included, in id order. */
  handlers: Handler[];
  byId: ReadonlyMap<number, Handler>;
  error: string | null;
  /** Bumped after every write, so views that depend on handlers (pending changes) refresh. */
  revision: number;
}

export interface HandlersActions {
  reload: () => Promise<void>;
  create: (input: HandlerCreate) => Promise<HandlerWritten>;
  /** Throws the API error for the form to show; a 409 also reloads and says so. */
  patch: (id: number, patch: HandlerPatch) => Promise<HandlerWritten>;
  /** The quick enable/disable toggle; reports failures itself and answers null for them. */
  setStatus: (handler: Handler, status: QuickStatus) => Promise<Handler | null>;
  /** Carries out a canvas move; on any refusal reloads, so the canvas never shows an order the server lacks. */
  move: (plan: MovePlan) => Promise<boolean>;
  remove: (id: number) => Promise<void>;
}

export type QuickStatus = Extract<HandlerStatus, 'enabled' | 'disabled'>;

export const HandlersStateContext = createContext<HandlersState | null>(null);
export const HandlersActionsContext = createContext<HandlersActions | null>(null);
