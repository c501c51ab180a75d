import type { Handler, HandlerKind, HandlerWritten } from '@hookline/domain';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, messageOf } from '../api/problem';
import { usePermission } from '../auth/usePermission';
import { labelOf, useCatalog } from '../catalog/useCatalog';
import { useHandlerActions } from '../handlers/useHandlerActions';
import { Link } from '../routing/Link';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useNotify } from '../ui/useNotify';
import { ConditionEditor } from './ConditionEditor';
import { DeliverySection } from './DeliverySection';
import { GeneralSection } from './GeneralSection';
import {
  createInput,
  fieldOf,
  formFromHandler,
  issuesFromServer,
  newHandlerForm,
  patchInput,
  type FormIssue,
} from './handler-form';
import { HeadersSection } from './HeadersSection';
import { InspectorHeader } from './InspectorHeader';
import { HealthMarks } from '../list/HealthMarks';
import { isAutoDisabled, isMarkedFailing } from '../health/handler-health';
import { InspectorFooter } from './InspectorFooter';
import { SecretSection } from './SecretSection';
import { TestEventPanel } from './TestEventPanel';
import { useHandlerForm } from './useHandlerForm';
import { useSampleText } from './useSampleText';

export interface Draft {
  event: string;
  kind: HandlerKind;
  priority: number;
}

interface Props {
  /** The handler as the server now holds it; null while drafting a new one. */
  handler: Handler | null;
  draft: Draft | null;
  onClose: () => void;
  onCreated: (handler: HandlerWritten) => void;
  /** A secret the server generated: shown once by the panel, whichever handler is open. */
  onSecret: (handlerId: number, secret: string) => void;
}

/** Fields of the form; server errors on any other path are shown at the foot of the form. */
const FORM_FIELDS = new Set([
  'name',
  'event',
  'kind',
  'target',
  'status',
  'priority',
  'condition',
  'retry',
  'timeoutMs',
  'onFailure',
  'headers',
  'secret',
]);

/** Every field of one handler, with inline validation, the condition builder, and its actions. */
export function Inspector({ handler, draft, onClose, onCreated, onSecret }: Props) {
  const canDesign = usePermission('design');
  const catalog = useCatalog();
  const actions = useHandlerActions();
  const notify = useNotify();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const { form, base, dirty, issues, serverIssues, update, setServerIssues, reset, rebase } = useHandlerForm(
    handler,
    () =>
      handler
        ? formFromHandler(handler)
        : newHandlerForm(draft?.event ?? '', draft?.kind ?? 'http', draft?.priority ?? 1)
  );
  const sample = useSampleText(form.event);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // Focus moves into the panel, and back to what opened it (a row, a node) when it closes.
  const opener = useRef<Element | null>(document.activeElement);
  useEffect(() => titleRef.current?.focus(), []);
  const close = useCallback(() => {
    const back = opener.current;
    onClose();
    if (back instanceof HTMLElement && back !== document.body)
      window.requestAnimationFrame(() => back.isConnected && back.focus());
  }, [onClose]);

  // Follow the server: a newer version replaces an untouched form; over edits it is only announced.
  const stale = !!handler && !!base && handler.version !== base.version;
  useEffect(() => {
    if (stale && !dirty && handler) reset(handler);
  }, [stale, dirty, handler, reset]);

  const touch = useCallback(
    (field: string) => setTouched((set) => (set.has(field) ? set : new Set(set).add(field))),
    []
  );

  const errorOf = useCallback(
    (field: string): string | undefined => {
      const fromServer = serverIssues.find((issue) => fieldOf(issue) === field);
      if (fromServer) return fromServer.message;
      if (!submitted && !touched.has(field)) return undefined;
      return issues.find((issue) => fieldOf(issue) === field)?.message;
    },
    [issues, serverIssues, submitted, touched]
  );

  const headerError = useCallback(
    (name: string) =>
      [...serverIssues, ...(submitted || touched.has('headers') ? issues : [])].find(
        (issue) => issue.path[0] === 'headers' && issue.path[1] === name
      )?.message,
    [issues, serverIssues, submitted, touched]
  );

  const conditionIssues = useMemo(
    () => serverIssues.filter((i) => i.path[0] === 'condition').map((i) => ({ ...i, path: i.path.slice(1) })),
    [serverIssues]
  );
  const onConditionChange = useCallback((condition: typeof form.condition) => update({ condition }), [update]);

  const unplaced = serverIssues.filter((issue) => !FORM_FIELDS.has(String(issue.path[0] ?? '')));

  function focusFirstInvalid() {
    window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!canDesign || saving) return;
    setSubmitted(true);
    if (issues.length > 0) {
      setFormError('Some fields need attention: see the messages beside them.');
      focusFirstInvalid();
      return;
    }
    if (base && !dirty) return;
    setSaving(true);
    setFormError(null);
    try {
      if (base) {
        const written = await actions.patch(base.id, patchInput(form, base));
        if (written.secret) onSecret(written.id, written.secret);
        reset(written);
        setSubmitted(false);
        notify('success', `Saved “${written.name}”. It takes effect when the handler cache is published.`);
      } else {
        const written = await actions.create(createInput(form));
        if (written.secret) onSecret(written.id, written.secret);
        notify('success', `Created “${written.name}”. It takes effect when the handler cache is published.`);
        onCreated(written);
      }
    } catch (err) {
      const fieldIssues: FormIssue[] = err instanceof ApiError ? issuesFromServer(err.errors) : [];
      setServerIssues(fieldIssues);
      if (err instanceof ApiError && err.isConflict) {
        setFormError(
          'Someone else changed this handler since you opened it. Take their version, then apply your edit again.'
        );
      } else {
        setFormError(
          fieldIssues.length > 0 ? 'The server refused some fields: see the messages beside them.' : messageOf(err)
        );
      }
      if (fieldIssues.length > 0) focusFirstInvalid();
    } finally {
      setSaving(false);
    }
  }

  async function quickToggle() {
    if (!handler || handler.status === 'archived') return;
    setToggling(true);
    const updated = await actions.setStatus(handler, handler.status === 'enabled' ? 'disabled' : 'enabled');
    setToggling(false);
    if (updated) {
      if (dirty) rebase(updated);
      else reset(updated);
    }
  }

  async function remove() {
    if (!handler) return;
    setDeleting(true);
    try {
      await actions.remove(handler.id);
      notify('success', `Deleted “${handler.name}”.`);
      onClose();
    } catch (err) {
      setConfirmDelete(false);
      setFormError(messageOf(err));
    } finally {
      setDeleting(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && !confirmDelete && !event.defaultPrevented) {
      event.preventDefault();
      close();
    }
  }

  const live = handler ?? null;

  return (
    <aside className="inspector" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid="inspector">
      <InspectorHeader
        titleId={titleId}
        titleRef={titleRef}
        title={handler ? handler.name : 'New handler'}
        subtitle={`${live ? `#${live.id} · v${live.version} · ` : ''}${labelOf(catalog, form.event)}`}
        status={live?.status ?? null}
        canToggle={canDesign && !toggling}
        onToggle={() => void quickToggle()}
        onClose={close}
      />

      {live && (isAutoDisabled(live) || isMarkedFailing(live)) && (
        <div className="notice notice-warning inspector-notice" role="status" data-testid="inspector-health">
          <HealthMarks handler={live} canDesign={canDesign} testIdPrefix="inspector-" />
        </div>
      )}

      {stale && dirty && (
        <div className="notice notice-warning inspector-notice" role="status">
          <span>This handler changed on the server (now v{handler?.version}) while you were editing.</span>
          <button type="button" className="button button-small" onClick={() => handler && reset(handler)}>
            Take their version
          </button>
        </div>
      )}

      <form ref={formRef} className="inspector-body" onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="plain" disabled={!canDesign || saving}>
          <GeneralSection form={form} update={update} errorOf={errorOf} touch={touch} />
        </fieldset>

        <section className="section" aria-labelledby={`${titleId}-condition`}>
          <h3 id={`${titleId}-condition`}>Condition</h3>
          <ConditionEditor
            value={form.condition}
            onChange={onConditionChange}
            sampleText={sample.text}
            onSampleTextChange={sample.setText}
            serverIssues={conditionIssues}
            disabled={!canDesign || saving}
            sampleActions={
              <span className="sample-actions">
                <button type="button" className="button button-small button-quiet" onClick={sample.reset}>
                  Example
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => void sample.loadLatest()}
                  disabled={sample.loading}
                >
                  {sample.loading ? 'Loading…' : 'Latest real event'}
                </button>
              </span>
            }
          />
          {sample.problem && <p className="muted small">{sample.problem}</p>}
        </section>

        <fieldset className="plain" disabled={!canDesign || saving}>
          <DeliverySection form={form} update={update} errorOf={errorOf} touch={touch} />
          <HeadersSection form={form} update={update} errorOf={errorOf} touch={touch} headerError={headerError} />
          <SecretSection
            form={form}
            update={update}
            errorOf={errorOf}
            touch={touch}
            hasSecret={live ? live.hasSecret : null}
          />
        </fieldset>

        {canDesign && <TestEventPanel handler={live} sampleText={sample.text} dirty={dirty} />}

        {live && (
          <p className="inspector-links">
            <Link to={`/executions?handlerId=${live.id}`} data-testid="inspector-log-link">
              Execution log of this handler →
            </Link>
          </p>
        )}

        <InspectorFooter
          error={formError}
          unplaced={unplaced}
          onTakeTheirs={stale && handler ? () => reset(handler) : null}
          canDesign={canDesign}
          saving={saving}
          isNew={!base}
          dirty={dirty}
          onRevert={() => {
            if (base) reset(handler ?? base);
            setSubmitted(false);
            setFormError(null);
          }}
          onDelete={live ? () => setConfirmDelete(true) : null}
        />
      </form>

      {confirmDelete && live && (
        <ConfirmDialog
          title={`Delete “${live.name}”?`}
          confirmLabel="Delete handler"
          busy={deleting}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
          testId="delete-dialog"
        >
          <p>
            The handler is removed for good; its execution log stays. To keep it without running it, set its status to
            archived instead.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
