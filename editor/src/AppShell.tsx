import { useMemo, useState } from 'react';
import { usePermission } from './auth/usePermission';
import { useSession } from './auth/useSession';
import { CatalogProvider } from './catalog/CatalogProvider';
import { ExecutionDetailView } from './executions/ExecutionDetailView';
import { ExecutionsPage } from './executions/ExecutionsPage';
import { HandlersProvider } from './handlers/HandlersProvider';
import { SelectionContext, type Selection } from './handlers/selection-context';
import { HandlersWorkspace } from './HandlersWorkspace';
import { PublishBar } from './publish/PublishBar';
import { Link } from './routing/Link';
import { useLocation } from './routing/useLocation';

function Header({ section }: { section: 'handlers' | 'executions' }) {
  const { principal, signOut } = useSession();
  const canRead = usePermission('read');
  return (
    <header className="app-header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚓
        </span>{' '}
        Hookline
      </span>
      {canRead && (
        <nav aria-label="Sections" className="tabs">
          <Link
            to="/"
            className="tab"
            aria-current={section === 'handlers' ? 'page' : undefined}
            data-testid="nav-handlers"
          >
            Handlers
          </Link>
          <Link
            to="/executions"
            className="tab"
            aria-current={section === 'executions' ? 'page' : undefined}
            data-testid="nav-executions"
          >
            Executions
          </Link>
        </nav>
      )}
      <span className="spacer" />
      {canRead && <PublishBar />}
      <span className="who" data-testid="principal" data-role={principal.role}>
        {principal.name} <span className="badge badge-role">{principal.role}</span>
      </span>
      <button type="button" className="button button-small button-quiet" onClick={signOut} data-testid="sign-out">
        Sign out
      </button>
    </header>
  );
}

let lastListPath = '/executions';

/** Everything behind sign-in: header, the handlers workspace and the executions pages. */
export function AppShell() {
  const { pathname, search } = useLocation();
  const canRead = usePermission('read');
  const [selection, select] = useState<Selection>(null);
  const selectionApi = useMemo(() => ({ selection, select }), [selection]);

  if (!canRead) {
    return (
      <main className="center-screen">
        <div className="card">
          <h1>Nothing to edit with this key</h1>
          <p className="muted">
            A <strong>service</strong> key may only emit events (<code>POST /api/events</code>). Sign in with an admin,
            designer or operator key to use the editor.
          </p>
          <SignOutButton />
        </div>
      </main>
    );
  }

  const executionMatch = /^\/executions\/(.+)$/.exec(pathname);
  const section = pathname.startsWith('/executions') ? 'executions' : 'handlers';
  if (pathname === '/executions') lastListPath = `/executions${search.toString() ? `?${search.toString()}` : ''}`;

  return (
    <CatalogProvider>
      <HandlersProvider>
        <SelectionContext.Provider value={selectionApi}>
          <div className="app">
            <Header section={section} />
            <main className="app-main">
              {executionMatch ? (
                <ExecutionDetailView id={decodeURIComponent(executionMatch[1] ?? '')} backTo={lastListPath} />
              ) : section === 'executions' ? (
                <ExecutionsPage search={search} />
              ) : (
                <HandlersWorkspace />
              )}
            </main>
          </div>
        </SelectionContext.Provider>
      </HandlersProvider>
    </CatalogProvider>
  );
}

function SignOutButton() {
  const { signOut } = useSession();
  return (
    <button type="button" className="button" onClick={signOut} data-testid="sign-out">
      Sign out
    </button>
  );
}
