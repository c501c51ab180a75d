import type { ApiKeyRole, Handler } from '@hookline/domain';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { SessionContext } from '../auth/session-context';
import { CatalogContext } from '../catalog/catalog-context';
import { HandlersActionsContext, HandlersStateContext, type HandlersActions } from '../handlers/handlers-context';
import { SelectionContext } from '../handlers/selection-context';
import { builtInCatalog, handler, identity } from '../test/fixtures';
import { HandlerList } from './HandlerList';

const handlers = [
  handler({ id: 1, event: 'clients.create', name: 'CRM sync', priority: 1 }),
  handler({ id: 2, event: 'clients.create', name: 'Mailer', priority: 2, status: 'disabled' }),
  handler({ id: 3, event: 'clients.update', name: 'Old hook', status: 'archived' }),
  handler({ id: 4, event: 'importd.process_failed', name: 'Pager', kind: 'script', target: 'page.sh' }),
];

function renderList(role: ApiKeyRole, select = vi.fn()) {
  const setStatus = vi.fn<HandlersActions['setStatus']>(async (h: Handler) => h);
  const actions = { setStatus } as unknown as HandlersActions;
  const catalog = builtInCatalog();
  const wrap = (children: ReactNode) => (
    <SessionContext.Provider
      value={{ principal: identity(role), api: createApiClient({ key: 'k' }), signOut: () => undefined }}
    >
      <CatalogContext.Provider
        value={{ entries: catalog, byType: new Map(catalog.map((e) => [e.type, e])), error: null }}
      >
        <HandlersActionsContext.Provider value={actions}>
          <HandlersStateContext.Provider
            value={{
              status: 'ready',
              handlers,
              byId: new Map(handlers.map((h) => [h.id, h])),
              error: null,
              revision: 0,
            }}
          >
            <SelectionContext.Provider value={{ selection: null, select }}>{children}</SelectionContext.Provider>
          </HandlersStateContext.Provider>
        </HandlersActionsContext.Provider>
      </CatalogContext.Provider>
    </SessionContext.Provider>
  );
  render(wrap(<HandlerList />));
  return { setStatus, select };
}

describe('HandlerList', () => {
  it('lists ID, priority, name, event, handler and status, archived hidden by default', async () => {
    const user = userEvent.setup();
    renderList('admin');
    expect(screen.queryByTestId('handler-row-3')).toBeNull();
    const row = screen.getByTestId('handler-row-4');
    expect(row.textContent).toContain('Pager');
    expect(row.textContent).toContain('Import process failed');
    expect(row.textContent).toContain('page.sh');

    await user.click(screen.getByTestId('list-filter-status-archived'));
    expect(screen.getByTestId('handler-row-3')).toBeTruthy();
  });

  it('filters by event, handler type and text', async () => {
    const user = userEvent.setup();
    renderList('admin');
    await user.selectOptions(screen.getByTestId('list-filter-kind'), 'script');
    expect(screen.getAllByRole('row')).toHaveLength(2);
    await user.selectOptions(screen.getByTestId('list-filter-kind'), '');
    await user.selectOptions(screen.getByTestId('list-filter-event'), 'clients.create');
    await user.type(screen.getByTestId('list-search'), 'mail');
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.dataset.testid)
    ).toEqual(['handler-row-2']);
  });

  it('toggles enabled / disabled in place, never archived', async () => {
    const user = userEvent.setup();
    const { setStatus, select } = renderList('designer');
    await user.click(screen.getByTestId('status-toggle-2'));
    expect(setStatus).toHaveBeenCalledWith(handlers[1], 'enabled');
    expect(select).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('list-filter-status-archived'));
    expect(within(screen.getByTestId('handler-row-3')).getByTestId('status-toggle-3').tagName).toBe('SPAN');
  });

  it('opens a row in the inspector with Enter', async () => {
    const user = userEvent.setup();
    const { select } = renderList('operator');
    screen.getByTestId('handler-row-1').focus();
    await user.keyboard('{Enter}');
    expect(select).toHaveBeenCalledWith({ kind: 'handler', id: 1 });
  });

  it('disables the quick toggle for a role that may not design', () => {
    renderList('operator');
    expect(screen.getByTestId<HTMLButtonElement>('status-toggle-1').disabled).toBe(true);
  });
});
