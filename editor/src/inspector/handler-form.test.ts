import { describe, expect, it } from 'vitest';
import { handler } from '../test/fixtures';
import {
  createInput,
  fieldOf,
  formFromHandler,
  issuesFromServer,
  newHandlerForm,
  patchInput,
  validateForm,
} from './handler-form';

describe('handler form', () => {
  const base = handler({
    id: 7,
    event: 'clients.create',
    version: 3,
    condition: { path: 'data.balance', op: 'lt', value: 0 },
    headers: { 'X-Tenant': 'a' },
  });

  it('patches only what changed, at the loaded version', () => {
    const form = formFromHandler(base);
    expect(patchInput(form, base)).toEqual({ version: 3 });
    expect(patchInput({ ...form, name: 'CRM sync', retry: { ...form.retry, maxAttempts: '3' } }, base)).toEqual({
      version: 3,
      name: 'CRM sync',
      retry: { ...base.retry, maxAttempts: 3 },
    });
  });

  it('brings the kind along with a changed target, so it is judged by the right rule', () => {
    const script = handler({ id: 8, event: 'clients.create', kind: 'script', target: 'sync.sh' });
    expect(patchInput({ ...formFromHandler(script), target: 'other.sh' }, script)).toEqual({
      version: 1,
      target: 'other.sh',
      kind: 'script',
    });
  });

  it('validates with the shared schemas: create and patch', () => {
    const fresh = { ...newHandlerForm('clients.create', 'http', 1), target: 'ftp://nope' };
    const issues = validateForm(fresh, null);
    expect(issues.map((i) => [fieldOf(i), i.message])).toEqual([
      ['name', 'is required'],
      ['target', 'must be an http:// or https:// URL'],
    ]);

    const edited = { ...formFromHandler(base), timeoutMs: '', headers: [{ key: 'h', name: 'Host', value: 'x' }] };
    const patchIssues = validateForm(edited, base);
    expect(patchIssues).toEqual(
      expect.arrayContaining([
        { path: ['timeoutMs'], message: 'must be a number' },
        { path: ['headers', 'Host'], message: 'header Host is set by Hookline and cannot be configured' },
      ])
    );
  });

  it('sends "generate" for a new secret and null to remove one', () => {
    expect(createInput({ ...newHandlerForm('clients.create', 'http', 1), secret: { mode: 'generate' } }).secret).toBe(
      'generate'
    );
    expect(patchInput({ ...formFromHandler(base), secret: { mode: 'remove' } }, base)).toEqual({
      version: 3,
      secret: null,
    });
  });

  it('reads the API’s problem errors as field paths', () => {
    const issues = issuesFromServer([
      { path: 'retry.maxIntervalMs', message: 'too small' },
      { path: 'condition.all.0.value', message: 'bad' },
      { path: '', message: 'whole body' },
    ]);
    expect(issues.map((i) => [i.path, fieldOf(i)])).toEqual([
      [['retry', 'maxIntervalMs'], 'retry.maxIntervalMs'],
      [['condition', 'all', 0, 'value'], 'condition'],
      [[], ''],
    ]);
  });
});
