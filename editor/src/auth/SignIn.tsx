import { useId, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../api/problem';

interface Props {
  onSignIn: (key: string) => Promise<void>;
  /** Why the user is here again (a revoked key, an expired session). */
  notice: string | null;
}

export function SignIn({ onSignIn, notice }: Props) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSignIn(trimmed);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? 'This API key is unknown or has been revoked.' : messageOf(err)
      );
      setBusy(false);
    }
  }

  return (
    <main className="center-screen">
      <form className="sign-in card" onSubmit={(e) => void submit(e)} data-testid="sign-in-form" noValidate>
        <h1 className="brand-title">
          <span className="brand-mark" aria-hidden="true">
            ⚓
          </span>{' '}
          Hookline
        </h1>
        <p className="muted">
          Durable provisioning webhooks. Sign in with an API key to edit handlers and follow executions.
        </p>
        {notice && (
          <p className="notice notice-warning" role="status">
            {notice}
          </p>
        )}
        <label htmlFor={inputId}>API key</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid="sign-in-key"
        />
        <p id={errorId} className="field-error" role={error ? 'alert' : undefined}>
          {error}
        </p>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          The key is kept for this browser tab only. <code>npm start</code> prints the first admin key.
        </p>
      </form>
    </main>
  );
}
