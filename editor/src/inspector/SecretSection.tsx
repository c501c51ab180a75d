import { Field } from '../ui/Field';
import type { SecretChoice } from './handler-form';
import type { SectionProps } from './section-props';

interface Props extends SectionProps {
  /** Whether the saved handler has a secret (null for a new handler). */
  hasSecret: boolean | null;
}

type Mode = SecretChoice['mode'];

/** The signing secret is write-only: keep it, replace it, have the server generate one, or remove it. */
export function SecretSection({ form, update, errorOf, touch, hasSecret }: Props) {
  const mode = form.secret.mode;
  const setMode = (next: Mode) =>
    update({ secret: next === 'set' ? { mode: 'set', value: '' } : { mode: next } }, ['secret']);

  return (
    <fieldset className="section">
      <legend>Signing secret</legend>
      <p className="muted small">
        {hasSecret === null
          ? 'Requests are signed (Standard Webhooks) when the handler has a secret.'
          : hasSecret
            ? 'A secret is set; requests are signed. It is never shown again.'
            : 'No secret: requests are not signed.'}
      </p>
      <Field label="Secret" error={mode === 'set' ? undefined : errorOf('secret')}>
        <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="inspector-secret-mode">
          <option value="keep">{hasSecret ? 'Keep the current secret' : 'No secret'}</option>
          <option value="generate">Generate a new secret</option>
          <option value="set">Enter a secret</option>
          {hasSecret && <option value="remove">Remove the secret</option>}
        </select>
      </Field>
      {form.secret.mode === 'set' && (
        <Field label="New secret" error={errorOf('secret')} hint="whsec_ followed by base64 of 24 to 64 random bytes.">
          <input
            className="mono"
            type="password"
            autoComplete="off"
            value={form.secret.value}
            onChange={(e) => update({ secret: { mode: 'set', value: e.target.value } }, ['secret'])}
            onBlur={() => touch('secret')}
            data-testid="inspector-secret"
          />
        </Field>
      )}
    </fieldset>
  );
}
