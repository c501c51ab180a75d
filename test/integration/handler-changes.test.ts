import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { Receiver } from '../support/receiver';
import { createHandler, emit, outcome, publish } from '../support/scenario';
import type { Stack } from '../support/stack';

interface AuditView {
  id: number;
  actor: string;
  action: string;
  handlerId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('changing a handler: concurrency, audit and secret rotation', () => {
  let designerKey: string;

  test.beforeAll(async ({ stack }) => {
    const key = await stack.api<{ key: string }>('POST', '/api/keys', { name: 'Dana (designer)', role: 'designer' });
    expect(key.status).toBe(201);
    designerKey = key.body.key;
  });

  const audit = async (stack: Stack, handlerId: number) =>
    (await stack.api<{ items: AuditView[] }>('GET', `/api/audit?handlerId=${handlerId}`)).body.items;

  test('answers a stale PATCH with 409 and the current version, and audits what did change', async ({
    stack,
    receiver,
  }) => {
    const handler = await createHandler(stack, { name: 'crm', target: `${receiver.url}/crm` });
    const first = await stack.api(
      'PATCH',
      `/api/handlers/${handler.id}`,
      { version: 1, name: 'crm (by Dana)' },
      {
        key: designerKey,
      }
    );
    expect(first.status).toBe(200);
    const stale = await stack.api<{ currentVersion: number; status: number }>('PATCH', `/api/handlers/${handler.id}`, {
      version: 1,
      name: 'crm (stale)',
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 409, currentVersion: 2 });

    const entries = await audit(stack, handler.id);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['handler.update', 'Dana (designer)'],
      ['handler.create', expect.stringContaining('admin')],
    ]);
    expect(entries[0]!.before).toMatchObject({ name: 'crm', version: 1 });
    expect(entries[0]!.after).toMatchObject({ name: 'crm (by Dana)', version: 2 });
  });

  test('signs with the new and the previous secret after a rotation; either verifies; no secret in the audit', async ({
    stack,
    receiver,
  }) => {
    const handler = await createHandler(stack, {
      name: 'rotating',
      event: 'clients.update',
      target: `${receiver.url}/rotating`,
      secret: 'generate',
    });
    const oldSecret = handler.secret!;
    const rotated = await stack.api<{ secret: string; version: number }>('PATCH', `/api/handlers/${handler.id}`, {
      version: handler.version,
      secret: 'generate',
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    await publish(stack);

    const accepted = await emit(stack, { id: 'rotated-1', type: 'clients.update' });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');
    const [request] = receiver.forEvent('rotated-1');
    const signatures = String(request!.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(Receiver.verify(request!, newSecret)).toBe(true);
    expect(Receiver.verify(request!, oldSecret)).toBe(true);
    expect(Receiver.verify(request!, `whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toBe(false);

    const entries = await audit(stack, handler.id);
    expect(entries[0]).toMatchObject({
      action: 'handler.update',
      before: { hasSecret: true },
      after: { hasSecret: true },
    });
    const everything = JSON.stringify(await stack.api('GET', '/api/audit?limit=200'));
    expect(everything).not.toContain(oldSecret.slice(6));
    expect(everything).not.toContain(newSecret.slice(6));
  });
});
