import type { ApiKeyRole } from '@hookline/domain';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/problem';
import { createApiClient } from '../api/client';
import { SessionContext } from '../auth/session-context';
import { CatalogContext } from '../catalog/catalog-context';
import { HandlersActionsContext, HandlersStateContext, type HandlersActions } from '../handlers/handlers-context';
import { SelectionContext } from '../handlers/selection-context';
import { builtInCatalog, handler, identity, problem } from '../test/fixtures';
import { HandlerList } from './HandlerList';

const REASON = 'disabled by Hookline: the receiver answered 410 Gone at 2026-11-30T09:00:00.000Z';
const handlers = [
  handler({ id: 1, event: 'clients.create', name: 'Healthy' }),
  handler({ id: 2, event: 'clients.create', name: 'Gone', status: 'disabled', statusReason: REASON, version: 4 }),
  handler({ id: 3, event: 'clients.update', name: 'Shaky', failingSince: '2026-11-30T08:00:00.000Z' }),
  handler({ id: 4, event: 'clients.update', name: 'Paused', status: 'disabled' }),
];

function renderList(role: ApiKeyRole, patch: HandlersActions['patch']) {
  const actions = { patch, setStatus: vi.fn() } as unknown as HandlersActions;
  const catalog = builtInCatalog();
  render(
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
            <SelectionContext.Provider value={{ selection: null, select: vi.fn() }}>
              <HandlerList />
            </SelectionContext.Provider>
          </HandlersStateContext.Provider>
        </HandlersActionsContext.Provider>
      </CatalogContext.Provider>
    </SessionContext.Provider>
  );
}

const shownRows = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.dataset.testid);

describe('HandlerList health marks', () => {
  it('shows the reason of a handler Hookline disabled, and marks a failing one', () => {
    renderList('admin', vi.fn());
    expect(screen.getByTestId('status-reason-2').textContent).toBe(`auto-disabled: ${REASON}`);
    expect(screen.getByTestId('failing-mark-3').textContent).toBe('failing');
    expect(screen.queryByTestId('status-reason-4')).toBeNull();
    expect(screen.queryByTestId('reenable-4')).toBeNull();
    expect(screen.queryByTestId('failing-mark-1')).toBeNull();
  });

  it('filters by health', async () => {
    const user = userEvent.setup();
    renderList('admin', vi.fn());
    await user.selectOptions(screen.getByTestId('list-filter-health'), 'auto-disabled');
    expect(shownRows()).toEqual(['handler-row-2']);
    await user.selectOptions(screen.getByTestId('list-filter-health'), 'failing');
    expect(shownRows()).toEqual(['handler-row-3']);
  });

  it('re-enables with one click, at the version shown, from the keyboard too', async () => {
    const user = userEvent.setup();
    const patch = vi.fn<HandlersActions['patch']>(async () => ({ ...handlers[1]!, status: 'enabled' }));
    renderList('designer', patch);
    screen.getByTestId('reenable-2').focus();
    await user.keyboard('{Enter}');
    expect(patch).toHaveBeenCalledExactlyOnceWith(2, { status: 'enabled', version: 4 });
  });

  it('shows a failure beside the button', async () => {
    const user = userEvent.setup();
    const patch = vi.fn<HandlersActions['patch']>(async () => {
      throw new ApiError({ ...problem(409, 'Handler 2 is at version 5, not 4.'), errors: [] });
    });
    renderList('admin', patch);
    await user.click(screen.getByTestId('reenable-2'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not re-enable: Handler 2 is at version 5/);
  });

  it('offers no re-enable to a key that may not design', () => {
    renderList('operator', vi.fn());
    expect(screen.getByTestId<HTMLButtonElement>('reenable-2').disabled).toBe(true);
  });
});
