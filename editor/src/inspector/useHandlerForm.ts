import type { Handler } from '@hookline/domain';
import { useCallback, useMemo, useState } from 'react';
import {
  fieldOf,
  formFromHandler,
  hasChanges,
  patchInput,
  validateForm,
  type FormIssue,
  type HandlerForm,
} from './handler-form';

export interface HandlerFormState {
  form: HandlerForm;
  /** The handler as it was when the form was loaded (its version is what a save sends); null for a new one. */
  base: Handler | null;
  /** Whether there is anything to save. */
  dirty: boolean;
  /** Issues of the shared schema, then those the server reported, by form field. */
  issues: FormIssue[];
  serverIssues: FormIssue[];
  update: (change: Partial<HandlerForm>, fields?: readonly string[]) => void;
  setServerIssues: (issues: FormIssue[]) => void;
  /** Starts over from a handler (after a save, or to take someone else's change). */
  reset: (handler: Handler) => void;
  /** Takes a newer version that differs only in status (a quick toggle), keeping the edits. */
  rebase: (handler: Handler) => void;
}

export function useHandlerForm(initialBase: Handler | null, initialForm: () => HandlerForm): HandlerFormState {
  const [base, setBase] = useState<Handler | null>(initialBase);
  const [form, setForm] = useState<HandlerForm>(initialForm);
  const [serverIssues, setServerIssues] = useState<FormIssue[]>([]);

  const issues = useMemo(() => validateForm(form, base), [form, base]);
  const dirty = useMemo(() => (base ? hasChanges(patchInput(form, base)) : true), [form, base]);

  const update = useCallback((change: Partial<HandlerForm>, fields: readonly string[] = Object.keys(change)) => {
    setForm((f) => ({ ...f, ...change }));
    // What the server said about a field no longer holds once the field is edited.
    setServerIssues((list) => {
      const next = list.filter(
        (issue) => !fields.some((field) => fieldOf(issue) === field || fieldOf(issue).startsWith(`${field}.`))
      );
      return next.length === list.length ? list : next;
    });
  }, []);

  const reset = useCallback((handler: Handler) => {
    setBase(handler);
    setForm(formFromHandler(handler));
    setServerIssues([]);
  }, []);

  const rebase = useCallback((handler: Handler) => {
    setBase(handler);
    setForm((f) => ({ ...f, status: handler.status }));
  }, []);

  return { form, base, dirty, issues, serverIssues, update, setServerIssues, reset, rebase };
}
