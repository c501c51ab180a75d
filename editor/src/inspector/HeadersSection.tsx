import { MASKED_HEADER_VALUE } from '@hookline/domain';
import { newKey } from '../condition/model';
import type { HeaderRow } from './handler-form';
import type { SectionProps } from './section-props';

interface Props extends SectionProps {
  /** Messages about one header, by its name (`headers.<name>` issues). */
  headerError: (name: string) => string | undefined;
}

/** Extra request headers, as name / value rows. */
export function HeadersSection({ form, update, errorOf, headerError, touch }: Props) {
  const setRows = (headers: HeaderRow[]) => update({ headers }, ['headers']);
  const general = errorOf('headers');

  return (
    <fieldset className="section">
      <legend>Headers</legend>
      {form.headers.length === 0 && <p className="muted small">No extra headers.</p>}
      <ul className="header-rows">
        {form.headers.map((row, index) => {
          const error = headerError(row.name.trim());
          const duplicate = form.headers.some(
            (other, i) => i < index && other.name.trim().toLowerCase() === row.name.trim().toLowerCase()
          );
          const message = error ?? (duplicate ? 'is given twice; the last one wins' : undefined);
          return (
            <li key={row.key}>
              <div className="header-row">
                <input
                  className="mono"
                  aria-label={`Header ${index + 1}: name`}
                  placeholder="X-Header"
                  value={row.name}
                  spellCheck={false}
                  aria-invalid={message ? true : undefined}
                  onChange={(e) =>
                    setRows(form.headers.map((r) => (r.key === row.key ? { ...r, name: e.target.value } : r)))
                  }
                  onBlur={() => touch('headers')}
                  data-testid="inspector-header-name"
                />
                <input
                  className="mono"
                  aria-label={`Header ${index + 1}: value`}
                  // A masked value is the server keeping the stored one to itself: shown as a hint, not as text,
                  // and sent back as it came (which keeps the stored value) unless something is typed over it.
                  placeholder={row.value === MASKED_HEADER_VALUE ? 'hidden; type to replace' : 'value'}
                  value={row.value === MASKED_HEADER_VALUE ? '' : row.value}
                  spellCheck={false}
                  onChange={(e) =>
                    setRows(form.headers.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)))
                  }
                  onBlur={() => touch('headers')}
                  data-testid="inspector-header-value"
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove header ${index + 1}`}
                  onClick={() => setRows(form.headers.filter((r) => r.key !== row.key))}
                >
                  ×
                </button>
              </div>
              {message && <p className="field-error">{`${row.name.trim() || 'This header'} ${message}`}</p>}
            </li>
          );
        })}
      </ul>
      {general && <p className="field-error">{general}</p>}
      <button
        type="button"
        className="button button-small"
        onClick={() => setRows([...form.headers, { key: newKey(), name: '', value: '' }])}
        data-testid="inspector-add-header"
      >
        + Header
      </button>
    </fieldset>
  );
}
