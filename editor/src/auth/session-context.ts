import { createContext } from 'react';
import type { ApiClient } from '../api/client';
import type { Principal } from '../api/session';

export interface Session {
  principal: Principal;
  /** Calls the API with this session's key. */
  api: ApiClient;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);
