import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fromCondition, toCondition, type UiCondition } from '../condition/model';
import { ConditionEditor } from './ConditionEditor';

const SAMPLE = JSON.stringify({
  id: 'e1',
  type: 'clients.update',
  objectId: '12',
  data: { balance: '-10.50', status: 'active', name: 'ACME' },
});

let latest: UiCondition | null = null;

function Harness({ initial = null, sample = SAMPLE }: { initial?: UiCondition | null; sample?: string }) {
  const [value, setValue] = useState<UiCondition | null>(initial);
  const [text, setText] = useState(sample);
  latest = value;
  return <ConditionEditor value={value} onChange={setValue} sampleText={text} onSampleTextChange={setText} />;
}

function current() {
  return latest ? toCondition(latest) : null;
}

const verdict = () => screen.getByTestId('condition-verdict');

describe('ConditionEditor', () => {
  it('builds an all-group from nothing, and its rows edit path, operator and value', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(verdict()).toHaveProperty('dataset.holds', 'true');

    await user.click(screen.getByTestId('condition-add'));
    const row = screen.getByTestId('condition-row');
    await user.clear(within(row).getByTestId('condition-path'));
    await user.type(within(row).getByTestId('condition-path'), 'data.balance');
    await user.selectOptions(within(row).getByTestId('condition-op'), 'lt');
    await user.type(within(row).getByTestId('condition-value'), '0');

    expect(current()).toEqual({ all: [{ path: 'data.balance', op: 'lt', value: 0 }] });
    expect(verdict()).toHaveProperty('dataset.holds', 'true');
  });

  it('nests any and not groups', async () => {
    const user = userEvent.setup();
    render(<Harness initial={fromCondition({ all: [{ path: 'data.balance', op: 'lt', value: 0 }] })} />);

    await user.click(screen.getAllByTestId('condition-add-group')[0]!);
    const groups = screen.getAllByTestId('condition-group');
    expect(groups).toHaveLength(2);
    const inner = groups[1]!;
    await user.type(within(inner).getByTestId('condition-path'), 'status');
    await user.type(within(inner).getByTestId('condition-value'), 'active');
    await user.selectOptions(within(inner).getByTestId('condition-group-kind'), 'not');

    expect(current()).toEqual({
      all: [{ path: 'data.balance', op: 'lt', value: 0 }, { not: { path: 'data.status', op: 'eq', value: 'active' } }],
    });
    // status is "active", so "not (status = active)" fails and with it the whole rule.
    expect(verdict()).toHaveProperty('dataset.holds', 'false');
    // A not-group holds one condition: no more "add" buttons in it.
    expect(within(screen.getAllByTestId('condition-group')[1]!).queryByTestId('condition-add-row')).toBeNull();

    await user.selectOptions(
      within(screen.getAllByTestId('condition-group')[1]!).getByTestId('condition-group-kind'),
      'any'
    );
    expect(current()).toEqual({
      all: [
        { path: 'data.balance', op: 'lt', value: 0 },
        { any: [{ path: 'data.status', op: 'eq', value: 'active' }] },
      ],
    });
    expect(verdict()).toHaveProperty('dataset.holds', 'true');
  });

  it('flips the preview when the sample payload changes', async () => {
    const user = userEvent.setup();
    render(<Harness initial={fromCondition({ path: 'data.balance', op: 'lt', value: 0 })} />);
    expect(verdict()).toHaveProperty('dataset.holds', 'true');
    expect(verdict().textContent).toMatch(/runs/);

    const sample = screen.getByTestId('sample-payload');
    await user.clear(sample);
    await user.click(sample);
    await user.paste(JSON.stringify({ objectId: '12', data: { balance: '25.00' } }));
    expect(verdict()).toHaveProperty('dataset.holds', 'false');
    expect(verdict().textContent).toMatch(/skipped/);

    await user.type(sample, '{{');
    expect(screen.getByTestId('sample-error').textContent).toMatch(/not valid JSON/);
  });

  it('shows an invalid regular expression inline, on its row, and cannot preview it', async () => {
    const user = userEvent.setup();
    render(<Harness initial={fromCondition({ all: [{ path: 'data.name', op: 'eq', value: 'ACME' }] })} />);
    const row = screen.getByTestId('condition-row');
    await user.selectOptions(within(row).getByTestId('condition-op'), 'matches');
    const value = within(row).getByTestId('condition-value');
    await user.clear(value);
    await user.type(value, '^(ACME');

    expect(within(row).getByTestId('condition-error').textContent).toMatch(/not a valid regular expression/);
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(value.getAttribute('aria-describedby')).toBeTruthy();
    expect(verdict()).toHaveProperty('dataset.holds', 'null');

    await user.type(value, ')');
    expect(within(row).queryByTestId('condition-error')).toBeNull();
    expect(verdict()).toHaveProperty('dataset.holds', 'true');
  });

  it('suggests paths from the sample event', () => {
    render(<Harness initial={fromCondition({ path: 'data.balance', op: 'lt', value: 0 })} />);
    const list = document.querySelector('datalist');
    const options = [...(list?.querySelectorAll('option') ?? [])].map((o) => o.getAttribute('value'));
    expect(options).toEqual(expect.arrayContaining(['objectId', 'data.balance', 'data.status', 'data.name']));
  });

  it('removes rows and, at the root, goes back to "always run"', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        initial={fromCondition({
          all: [
            { path: 'data.a', op: 'eq', value: 1 },
            { path: 'data.b', op: 'eq', value: 2 },
          ],
        })}
      />
    );
    await user.click(screen.getAllByTestId('condition-remove')[0]!);
    expect(current()).toEqual({ all: [{ path: 'data.b', op: 'eq', value: 2 }] });
    await user.click(screen.getByTestId('condition-remove-group'));
    expect(current()).toBeNull();
    expect(screen.getByTestId('condition-add')).toBeTruthy();
  });
});
