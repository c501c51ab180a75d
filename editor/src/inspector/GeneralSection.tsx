import { HANDLER_KINDS, HANDLER_STATUSES, type HandlerKind, type HandlerStatus } from '@hookline/domain';
import { useCatalog } from '../catalog/useCatalog';
import { Field } from '../ui/Field';
import type { SectionProps } from './section-props';
import { EventTypeOptions } from '../catalog/EventTypeOptions';

const STATUS_HINT: Record<HandlerStatus, string> = {
  enabled: 'Runs for matching events once published.',
  disabled: 'Kept, but does not run.',
  archived: 'Does not run, and is hidden unless archived handlers are shown.',
};

/** Name, event, kind, target, priority and status. */
export function GeneralSection({ form, update, errorOf, touch }: SectionProps) {
  const catalog = useCatalog();
  const known = catalog.byType.has(form.event);

  return (
    <fieldset className="section">
      <legend>Handler</legend>
      <Field label="Name" error={errorOf('name')}>
        <input
          value={form.name}
          onChange={(e) => update({ name: e.target.value })}
          onBlur={() => touch('name')}
          data-testid="inspector-name"
        />
      </Field>
      <Field label="Event" error={errorOf('event')}>
        <select
          value={form.event}
          onChange={(e) => update({ event: e.target.value })}
          onBlur={() => touch('event')}
          data-testid="inspector-event"
        >
          {!known && <option value={form.event}>{form.event}</option>}
          <EventTypeOptions showType />
        </select>
      </Field>
      <div className="field-row">
        <Field label="Type" error={errorOf('kind')} className="field-narrow">
          <select
            value={form.kind}
            onChange={(e) => update({ kind: e.target.value as HandlerKind }, ['kind', 'target'])}
            onBlur={() => touch('kind')}
            data-testid="inspector-kind"
          >
            {HANDLER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind === 'http' ? 'HTTP' : 'Script'}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={form.kind === 'http' ? 'URL' : 'Script path'}
          error={errorOf('target')}
          hint={
            form.kind === 'http'
              ? 'Receives a POST with the event as JSON.'
              : 'Relative to the scripts folder (HOOKLINE_SCRIPTS_DIR).'
          }
        >
          <input
            className="mono"
            value={form.target}
            spellCheck={false}
            onChange={(e) => update({ target: e.target.value })}
            onBlur={() => touch('target')}
            data-testid="inspector-target"
          />
        </Field>
      </div>
      <div className="field-row">
        <Field label="Priority" error={errorOf('priority')} hint="Lower runs first." className="field-narrow">
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={form.priority}
            onChange={(e) => update({ priority: e.target.value })}
            onBlur={() => touch('priority')}
            data-testid="inspector-priority"
          />
        </Field>
        <Field label="Status" error={errorOf('status')} hint={STATUS_HINT[form.status]}>
          <select
            value={form.status}
            onChange={(e) => update({ status: e.target.value as HandlerStatus })}
            onBlur={() => touch('status')}
            data-testid="inspector-status"
          >
            {HANDLER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </fieldset>
  );
}
