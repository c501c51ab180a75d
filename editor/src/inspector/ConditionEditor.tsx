import { useCallback, useId, useMemo, useRef, type ReactNode } from 'react';
import {
  newGroup,
  newLeaf,
  placeErrors,
  previewTree,
  updateNode,
  validateTree,
  type NodeErrors,
  type UiCondition,
} from '../condition/model';
import { samplePaths } from '../condition/sample-paths';
import { ConditionGroupView } from './ConditionGroupView';
import { ConditionRow } from './ConditionRow';

export interface ConditionIssue {
  path: readonly (string | number)[];
  message: string;
}

interface Props {
  value: UiCondition | null;
  onChange: (next: UiCondition | null) => void;
  /** The sample event as editable JSON text. */
  sampleText: string;
  onSampleTextChange: (text: string) => void;
  /** Issues the server reported, with paths relative to the condition. */
  serverIssues?: readonly ConditionIssue[];
  disabled?: boolean;
  /** Extra buttons beside the sample (reset, take the latest real event). */
  sampleActions?: ReactNode;
}

type ParsedSample = { ok: true; value: unknown } | { ok: false; error: string };

function parseSample(text: string): ParsedSample {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function mergeErrors(a: Map<string, NodeErrors>, b: Map<string, NodeErrors>): Map<string, NodeErrors> {
  if (b.size === 0) return a;
  const merged = new Map(a);
  for (const [key, errors] of b) merged.set(key, { ...errors, ...merged.get(key) });
  return merged;
}

const noIssues: readonly ConditionIssue[] = [];

/**
 * The visual condition builder with its live preview: every edit is validated with the shared
 * Condition schema and evaluated against the sample with the worker's own evaluateCondition.
 */
export function ConditionEditor({
  value,
  onChange,
  sampleText,
  onSampleTextChange,
  serverIssues = noIssues,
  disabled = false,
  sampleActions,
}: Props) {
  const pathListId = useId();
  const sampleId = useId();
  const latest = useRef(value);
  latest.current = value;

  const edit = useCallback(
    (key: string, replace: (node: UiCondition) => UiCondition | null) => {
      const root = latest.current;
      onChange(root ? updateNode(root, key, replace) : null);
    },
    [onChange]
  );

  const sample = useMemo(() => parseSample(sampleText), [sampleText]);
  const errors = useMemo(
    () => (value ? mergeErrors(validateTree(value), placeErrors(value, serverIssues)) : new Map<string, NodeErrors>()),
    [value, serverIssues]
  );
  const preview = useMemo(() => (value && sample.ok ? previewTree(value, sample.value) : null), [value, sample]);
  const paths = useMemo(() => (sample.ok ? samplePaths(sample.value) : []), [sample]);
  const rootHolds = value ? preview?.holds.get(value.key) : true;

  const tree = { errors, preview, pathListId, disabled, edit };

  return (
    <div className="condition-editor">
      <datalist id={pathListId}>
        {paths.map((path) => (
          <option key={path} value={path} />
        ))}
      </datalist>

      {value === null ? (
        <div className="condition-empty">
          <p className="muted">No condition: the handler runs for every event of its type.</p>
          {!disabled && (
            <button
              type="button"
              className="button button-small"
              onClick={() => onChange(newGroup('all'))}
              data-testid="condition-add"
            >
              + Add a condition
            </button>
          )}
        </div>
      ) : value.kind === 'leaf' ? (
        <div className="condition-group">
          <ul className="condition-children">
            <ConditionRow
              leaf={value}
              label="1"
              errors={errors.get(value.key)}
              holds={preview?.holds.get(value.key)}
              actual={preview?.actual.get(value.key)}
              pathListId={pathListId}
              disabled={disabled}
              edit={edit}
            />
          </ul>
          {!disabled && (
            <div className="condition-group-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => onChange(newGroup('all', [value, newLeaf()]))}
                data-testid="condition-add-row"
              >
                + Condition
              </button>
            </div>
          )}
        </div>
      ) : (
        <ConditionGroupView group={value} label="" isRoot {...tree} />
      )}

      <div className="sample">
        <div className="sample-head">
          <label htmlFor={sampleId}>Sample event</label>
          {sampleActions}
        </div>
        <textarea
          id={sampleId}
          className="mono"
          rows={8}
          spellCheck={false}
          value={sampleText}
          onChange={(e) => onSampleTextChange(e.target.value)}
          aria-invalid={sample.ok ? undefined : true}
          data-testid="sample-payload"
        />
        {!sample.ok && (
          <p className="field-error" data-testid="sample-error">
            The sample is not valid JSON: {sample.error}
          </p>
        )}
        <p
          className={`preview-verdict preview-${rootHolds === true ? 'runs' : rootHolds === false ? 'skips' : 'unknown'}`}
          data-testid="condition-verdict"
          data-holds={String(rootHolds ?? null)}
          aria-live="polite"
        >
          {!sample.ok
            ? 'Fix the sample to see the preview.'
            : rootHolds === true
              ? '✓ With this sample the handler runs.'
              : rootHolds === false
                ? '✗ With this sample the handler is skipped.'
                : '? Fix the condition to see the preview.'}
        </p>
      </div>
    </div>
  );
}
