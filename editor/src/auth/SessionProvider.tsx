import type { ApiKeyIdentity } from '@hookline/domain';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import { messageOf } from '../api/problem';
import { whoAmI } from '../api/session';
import { forgetKey, loadKey, saveKey } from './key-storage';
import { SessionContext, type Session } from './session-context';
import { SignIn } from './SignIn';

type State =
  | { status: 'restoring' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; principal: ApiKeyIdentity; api: ApiClient };

/** Asks for an API key, keeps it for the browser session, and gives the app a client that sends it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() =>
    loadKey() ? { status: 'restoring' } : { status: 'signed-out', notice: null }
  );
  const signOutRef = useRef<(notice: string | null) => void>(() => undefined);

  const signOutWith = useCallback((notice: string | null) => {
    forgetKey();
    setState({ status: 'signed-out', notice });
  }, []);
  signOutRef.current = signOutWith;

  const connect = useCallback(async (key: string) => {
    const api = createApiClient({
      key,
      onUnauthorized: () => signOutRef.current('The API key is no longer accepted. Sign in again.'),
    });
    const principal = await whoAmI(api);
    saveKey(key);
    setState({ status: 'signed-in', principal, api });
  }, []);

  // Once, for a key kept from earlier in this browser session (both callbacks are stable).
  useEffect(() => {
    const stored = loadKey();
    if (stored) connect(stored).catch((err: unknown) => signOutWith(messageOf(err)));
  }, [connect, signOutWith]);

  const session = useMemo<Session | null>(
    () =>
      state.status === 'signed-in'
        ? { principal: state.principal, api: state.api, signOut: () => signOutWith(null) }
        : null,
    [state, signOutWith]
  );

  if (state.status === 'restoring') {
    return (
      <main className="center-screen" aria-busy="true">
        <p className="muted">Checking your API key…</p>
      </main>
    );
  }
  if (!session) return <SignIn onSignIn={connect} notice={state.status === 'signed-out' ? state.notice : null} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
