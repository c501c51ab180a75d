import type { ApiKeyIdentity } from '@hookline/domain';
import { createContext } from 'react';
import type { ApiClient } from '../api/client';

export interface Session {
  /** The signed-in key, as `GET /api/keys/me` names it. */
  principal: ApiKeyIdentity;
  /** Calls the API with this session's key. */
  api: ApiClient;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);
