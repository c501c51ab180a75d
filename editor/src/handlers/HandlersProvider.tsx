import type { Handler } from '@hookline/domain';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import * as handlersApi from '../api/handlers';
import { ApiError, messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { applyPlan } from '../flow/apply-plan';
import { useNotify } from '../ui/useNotify';
import {
  HandlersActionsContext,
  HandlersStateContext,
  type HandlersActions,
  type HandlersState,
} from './handlers-context';
import { mergeHandlers } from './merge';

interface Store {
  status: HandlersState['status'];
  handlers: Handler[];
  error: string | null;
  revision: number;
}

const CONFLICT_NOTICE =
  'Someone else changed these handlers meanwhile: reloaded from the server. Apply your change again.';

/** The handlers as the server holds them, shared by the canvas, the list and the inspector. */
export function HandlersProvider({ children }: { children: ReactNode }) {
  const { api } = useSession();
  const notify = useNotify();
  const [store, setStore] = useState<Store>({ status: 'loading', handlers: [], error: null, revision: 0 });
  const loadSeq = useRef(0);

  const reload = useCallback(async () => {
    const seq = ++loadSeq.current;
    try {
      const handlers = await handlersApi.listHandlers(api);
      // A slower, older answer must not overwrite a newer one.
      if (seq === loadSeq.current) setStore((s) => ({ ...s, status: 'ready', handlers, error: null }));
    } catch (err) {
      if (seq === loadSeq.current)
        setStore((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'error', error: messageOf(err) }));
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const applied = useCallback((updated: Handler[]) => {
    loadSeq.current++;
    setStore((s) => ({ ...s, handlers: mergeHandlers(s.handlers, updated), revision: s.revision + 1 }));
  }, []);

  const reloadAfterConflict = useCallback(
    async (err: unknown) => {
      await reload();
      notify(
        'warning',
        err instanceof ApiError && err.isConflict ? CONFLICT_NOTICE : `Reloaded from the server: ${messageOf(err)}`
      );
    },
    [reload, notify]
  );

  const actions = useMemo<HandlersActions>(
    () => ({
      reload,
      async create(input) {
        const written = await handlersApi.createHandler(api, input);
        applied([written]);
        return written;
      },
      async patch(id, patch) {
        try {
          const written = await handlersApi.patchHandler(api, id, patch);
          applied([written]);
          return written;
        } catch (err) {
          if (err instanceof ApiError && (err.isConflict || err.status === 404)) await reloadAfterConflict(err);
          throw err;
        }
      },
      async setStatus(handler, status) {
        try {
          const written = await handlersApi.patchHandler(api, handler.id, { status, version: handler.version });
          applied([written]);
          return written;
        } catch (err) {
          if (err instanceof ApiError && (err.isConflict || err.status === 404)) await reloadAfterConflict(err);
          else
            notify(
              'error',
              `Could not ${status === 'enabled' ? 'enable' : 'disable'} “${handler.name}”: ${messageOf(err)}`
            );
          return null;
        }
      },
      async move(plan) {
        if (plan.kind === 'none') return true;
        try {
          applied(await applyPlan(api, plan));
          return true;
        } catch (err) {
          // A stale version (409) or a stale run order (400): either way the canvas was out of date.
          await reloadAfterConflict(err);
          return false;
        }
      },
      async remove(id) {
        try {
          await handlersApi.deleteHandler(api, id);
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404)) throw err;
        }
        loadSeq.current++;
        setStore((s) => ({ ...s, handlers: s.handlers.filter((h) => h.id !== id), revision: s.revision + 1 }));
      },
    }),
    [api, applied, reload, reloadAfterConflict, notify]
  );

  const state = useMemo<HandlersState>(
    () => ({ ...store, byId: new Map(store.handlers.map((h) => [h.id, h])) }),
    [store]
  );

  return (
    <HandlersActionsContext.Provider value={actions}>
      <HandlersStateContext.Provider value={state}>{children}</HandlersStateContext.Provider>
    </HandlersActionsContext.Provider>
  );
}
