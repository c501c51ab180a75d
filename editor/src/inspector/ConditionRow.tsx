import { CONDITION_OPS, type ConditionOp } from '@hookline/domain';
import { memo, useId } from 'react';
import { OP_LABELS, OP_TEXT } from '../condition/describe';
import { withOp, type NodeErrors, type UiCondition, type UiLeaf } from '../condition/model';
import { Verdict } from './Verdict';

interface Props {
  leaf: UiLeaf;
  /** Its place in the tree for screen readers: "1", "2.1". */
  label: string;
  errors: NodeErrors | undefined;
  holds: boolean | null | undefined;
  actual: unknown;
  pathListId: string;
  disabled: boolean;
  edit: (key: string, replace: (node: UiCondition) => UiCondition | null) => void;
}

const VALUE_PLACEHOLDER: Partial<Record<ConditionOp, string>> = {
  in: 'a, b, c',
  nin: 'a, b, c',
  matches: '^regular expression$',
  contains: 'text or number',
};

function shownActual(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** One `path op value` row of the condition builder. */
export const ConditionRow = memo(function ConditionRow({
  leaf,
  label,
  errors,
  holds,
  actual,
  pathListId,
  disabled,
  edit,
}: Props) {
  const id = useId();
  const onChange = (next: UiLeaf) => edit(leaf.key, () => next);
  const onRemove = () => edit(leaf.key, () => null);
  const message = errors?.path ?? errors?.op ?? errors?.value;
  const errorId = `${id}-error`;
  const describe = (field: keyof NodeErrors) => (errors?.[field] ? errorId : undefined);

  return (
    <li className="condition-row" data-testid="condition-row">
      <div className="condition-row-controls">
        <input
          className="mono"
          aria-label={`Condition ${label}: path`}
          list={pathListId}
          value={leaf.path}
          disabled={disabled}
          spellCheck={false}
          onChange={(e) => onChange({ ...leaf, path: e.target.value })}
          aria-invalid={errors?.path ? true : undefined}
          aria-describedby={describe('path')}
          data-testid="condition-path"
        />
        <select
          aria-label={`Condition ${label}: operator`}
          title={OP_LABELS[leaf.op]}
          value={leaf.op}
          disabled={disabled}
          onChange={(e) => onChange(withOp(leaf, e.target.value as ConditionOp))}
          aria-invalid={errors?.op ? true : undefined}
          aria-describedby={describe('op')}
          data-testid="condition-op"
        >
          {CONDITION_OPS.map((op) => (
            <option key={op} value={op}>
              {OP_TEXT[op]}
            </option>
          ))}
        </select>
        {leaf.op === 'exists' ? (
          <select
            aria-label={`Condition ${label}: value`}
            value={leaf.raw === 'false' ? 'false' : leaf.raw === 'true' ? 'true' : ''}
            disabled={disabled}
            onChange={(e) => onChange({ ...leaf, raw: e.target.value })}
            data-testid="condition-value"
          >
            <option value={leaf.raw === 'true' ? 'true' : ''}>(is present)</option>
            <option value="false">(is absent)</option>
          </select>
        ) : (
          <input
            className={leaf.op === 'matches' ? 'mono' : undefined}
            aria-label={`Condition ${label}: value`}
            placeholder={VALUE_PLACEHOLDER[leaf.op] ?? 'value (JSON or text)'}
            value={leaf.raw}
            disabled={disabled}
            spellCheck={false}
            onChange={(e) => onChange({ ...leaf, raw: e.target.value })}
            aria-invalid={errors?.value ? true : undefined}
            aria-describedby={describe('value')}
            data-testid="condition-value"
          />
        )}
        <Verdict holds={holds} title={`Reads ${shownActual(actual)} from the sample`} />
        {!disabled && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove condition ${label}`}
            onClick={onRemove}
            data-testid="condition-remove"
          >
            ×
          </button>
        )}
      </div>
      <p className="condition-row-meta">
        <span className="muted small">sample: {shownActual(actual)}</span>
        {message && (
          <span id={errorId} className="field-error" data-testid="condition-error">
            {errors?.path ? `path ${errors.path}` : errors?.op ? `operator ${errors.op}` : `value ${message}`}
          </span>
        )}
      </p>
    </li>
  );
});
