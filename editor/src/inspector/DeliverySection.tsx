import { OnFailure } from '@hookline/domain';
import { Field } from '../ui/Field';
import type { HandlerForm } from './handler-form';
import type { SectionProps } from './section-props';

type RetryField = keyof HandlerForm['retry'];

const RETRY_FIELDS: { field: RetryField; label: string; hint?: string; step?: string }[] = [
  { field: 'maxAttempts', label: 'Attempts' },
  { field: 'initialIntervalMs', label: 'First retry after (ms)' },
  { field: 'backoffCoefficient', label: 'Backoff ×', step: '0.1' },
  { field: 'maxIntervalMs', label: 'Longest wait (ms)' },
];

/** Timeout, what a failure does to the handlers after it, and the retry policy. */
export function DeliverySection({ form, update, errorOf, touch }: SectionProps) {
  return (
    <fieldset className="section">
      <legend>Delivery</legend>
      <div className="field-row">
        <Field label="Timeout per attempt (ms)" error={errorOf('timeoutMs')}>
          <input
            type="number"
            inputMode="numeric"
            min={100}
            step={100}
            value={form.timeoutMs}
            onChange={(e) => update({ timeoutMs: e.target.value })}
            onBlur={() => touch('timeoutMs')}
            data-testid="inspector-timeout"
          />
        </Field>
        <Field
          label="When it fails"
          error={errorOf('onFailure')}
          hint={form.onFailure === 'stop' ? 'Later handlers are skipped.' : 'Later handlers still run.'}
        >
          <select
            value={form.onFailure}
            onChange={(e) => update({ onFailure: OnFailure.parse(e.target.value) })}
            onBlur={() => touch('onFailure')}
            data-testid="inspector-on-failure"
          >
            <option value="continue">Continue</option>
            <option value="stop">Stop the chain</option>
          </select>
        </Field>
      </div>
      <div className="field-grid">
        {RETRY_FIELDS.map(({ field, label, step }) => (
          <Field key={field} label={label} error={errorOf(`retry.${field}`)}>
            <input
              type="number"
              inputMode="decimal"
              step={step ?? '1'}
              value={form.retry[field]}
              onChange={(e) => update({ retry: { ...form.retry, [field]: e.target.value } }, [`retry.${field}`])}
              onBlur={() => touch(`retry.${field}`)}
              data-testid={`inspector-retry-${field}`}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
