import type { FormIssue } from './handler-form';

interface Props {
  /** What went wrong with the last save, in place at the foot of the form. */
  error: string | null;
  /** Server errors on paths that are no field of the form. */
  unplaced: FormIssue[];
  /** After a conflict: replace the edits by the server's version. */
  onTakeTheirs: (() => void) | null;
  canDesign: boolean;
  saving: boolean;
  isNew: boolean;
  dirty: boolean;
  onRevert: () => void;
  onDelete: (() => void) | null;
}

/** Save, revert and delete, with the form's own error above them. */
export function InspectorFooter({
  error,
  unplaced,
  onTakeTheirs,
  canDesign,
  saving,
  isNew,
  dirty,
  onRevert,
  onDelete,
}: Props) {
  return (
    <footer className="inspector-foot">
      {error && (
        <div className="field-error form-error" role="alert" data-testid="inspector-error">
          <p>{error}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((issue) => (
                <li key={`${issue.path.join('.')}:${issue.message}`}>
                  {issue.path.length > 0 ? `${issue.path.join('.')} ` : ''}
                  {issue.message}
                </li>
              ))}
            </ul>
          )}
          {onTakeTheirs && (
            <button type="button" className="button button-small" onClick={onTakeTheirs}>
              Take their version
            </button>
          )}
        </div>
      )}
      {canDesign ? (
        <div className="inspector-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={saving || (!isNew && !dirty)}
            data-testid="inspector-save"
          >
            {saving ? 'Saving…' : isNew ? 'Create handler' : 'Save'}
          </button>
          {!isNew && (
            <button
              type="button"
              className="button"
              disabled={saving || !dirty}
              onClick={onRevert}
              data-testid="inspector-revert"
            >
              Revert
            </button>
          )}
          <span className="spacer" />
          {onDelete && (
            <button type="button" className="button button-danger" onClick={onDelete} data-testid="inspector-delete">
              Delete…
            </button>
          )}
        </div>
      ) : (
        <p className="muted small">Your role can read handlers but not change them.</p>
      )}
    </footer>
  );
}
