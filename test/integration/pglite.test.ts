import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, execution, outcome, publish } from '../support/scenario';

test.override('stackOptions', { database: 'pglite' });

describe('the embedded PGlite database', () => {
  test.beforeAll(async ({ stack, receiver }) => {
    expect(stack.database.kind).toBe('pglite');
    await createHandler(stack, { name: 'c', target: `${receiver.url}/c`, priority: 3 });
    await createHandler(stack, { name: 'a', target: `${receiver.url}/a`, priority: 1 });
    await createHandler(stack, { name: 'b', target: `${receiver.url}/b`, priority: 2 });
    await publish(stack);
  });

  test('runs handlers by priority and retries, as on PostgreSQL', async ({ stack, receiver }) => {
    receiver.script('/b', { status: 503 }, { status: 200 });
    const accepted = await emit(stack, { id: 'lite-1', type: 'clients.create' });
    const result = await outcome(stack, accepted);
    expect(result.status).toBe('succeeded');
    expect(receiver.forEvent('lite-1').map((r) => r.path)).toEqual(['/a', '/b', '/b', '/c']);
    const view = await execution(stack, accepted.executionId);
    expect(view.handlers.map((h) => [h.name, h.attempts.map((a) => a.status)])).toEqual([
      ['a', ['succeeded']],
      ['b', ['failed', 'succeeded']],
      ['c', ['succeeded']],
    ]);
  });
});
