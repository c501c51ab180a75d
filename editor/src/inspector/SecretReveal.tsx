import { useState } from 'react';

/** A secret the server generated, shown this once, with a copy button. */
export function SecretReveal({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-reveal notice notice-warning" role="alert" data-testid="secret-reveal">
      <p>
        <strong>Copy the new signing secret now:</strong> it will not be shown again.
      </p>
      <code className="mono secret-value">{secret}</code>
      <div className="secret-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
