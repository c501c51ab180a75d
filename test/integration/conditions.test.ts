import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, outcome, publish } from '../support/scenario';

describe('conditions', () => {
  test.beforeAll(async ({ stack, receiver }) => {
    await createHandler(stack, {
      name: 'debtors',
      event: 'clients.balance_zero',
      target: `${receiver.url}/debtors`,
      condition: { path: 'data.balance', op: 'lt', value: 0 },
    });
    await createHandler(stack, { name: 'everyone', event: 'clients.balance_zero', target: `${receiver.url}/everyone` });
    await publish(stack);
  });

  test('runs a handler with `data.balance lt 0` only for events where it holds', async ({ stack, receiver }) => {
    const balances = [-10, 0, 5, -0.5, '-3.20', 'n/a'];
    const accepted = await Promise.all(
      balances.map((balance, i) => emit(stack, { id: `balance-${i}`, type: 'clients.balance_zero', data: { balance } }))
    );
    await Promise.all(accepted.map((a) => outcome(stack, a)));
    const reached = receiver.on('/debtors').map((r) => r.json.data['balance']);
    expect(reached.sort()).toEqual([-10, -0.5, '-3.20'].sort());
    expect(receiver.on('/everyone')).toHaveLength(balances.length);
  });

  test('rejects an invalid condition when it is saved', async ({ stack, receiver }) => {
    const response = await stack.api('POST', '/api/handlers', {
      name: 'broken',
      event: 'clients.create',
      target: `${receiver.url}/broken`,
      condition: { path: 'data.name', op: 'matches', value: '([' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
