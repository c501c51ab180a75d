import type { HandlerHealthChange } from '@hookline/domain';
import { checkHandlersHealthNow } from '@hookline/workflows/client';
import postgres from 'postgres';
import { describe, expect } from 'vitest';
import { test } from '../support/fixtures';
import { createHandler, emit, execution, outcome, publish, type CreatedHandler } from '../support/scenario';
import { seedExecutions } from '../support/seed';
import type { Stack } from '../support/stack';

/** Every change the worker's operational-events listener was told of, in order. */
const told: HandlerHealthChange[] = [];
test.override('stackOptions', { onHandlerHealthChange: (change) => void told.push(change) });

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface HandlerBody {
  id: number;
  status: string;
  statusReason: string | null;
  failingSince: string | null;
  version: number;
}

async function handler(stack: Stack, id: number): Promise<HandlerBody> {
  const response = await stack.api<HandlerBody>('GET', `/api/handlers/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function listed(stack: Stack, query: string): Promise<number[]> {
  const response = await stack.api<{ items: HandlerBody[] }>('GET', `/api/handlers?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((h) => h.id);
}

async function newestAudit(
  stack: Stack,
  id: number
): Promise<{ actor: string; action: string; before: HandlerBody; after: HandlerBody }> {
  const response = await stack.api<{
    items: { actor: string; action: string; before: HandlerBody; after: HandlerBody }[];
  }>('GET', `/api/audit?handlerId=${id}`);
  expect(response.status).toBe(200);
  return response.body.items[0]!;
}

function runCheck(stack: Stack) {
  return checkHandlersHealthNow(stack.client, {
    taskQueue: stack.config.taskQueue,
    policy: stack.config.handlerHealth,
  });
}

/** Attempts of one handler, one execution each, straight into the log at the given times. */
async function seedCalls(
  stack: Stack,
  h: CreatedHandler,
  calls: { at: Date; status: 'succeeded' | 'failed'; responseStatus?: number }[]
): Promise<void> {
  await seedExecutions(
    stack,
    calls.map((call, i) => ({
      eventId: `seed-${h.id}-${call.at.getTime()}-${i}-${Math.random().toString(36).slice(2)}`,
      status: call.status,
      handler: {
        id: h.id,
        name: h.name,
        status: call.status,
        ...(call.responseStatus === undefined ? {} : { responseStatus: call.responseStatus }),
      },
      startedAt: call.at,
    }))
  );
}

/** Moves a handler's last change back in time, as if nobody had touched it since. */
async function lastChanged(stack: Stack, id: number, at: Date): Promise<void> {
  const sql = postgres(stack.config.databaseUrl!, { max: 1 });
  try {
    await sql`update handlers set updated_at = ${at} where id = ${id}`;
  } finally {
    await sql.end();
  }
}

function toldOf(id: number): { kind: string; reason: string }[] {
  return told.filter((c) => c.handlerId === id).map(({ kind, reason }) => ({ kind, reason }));
}

describe('the failing-handler policy', () => {
  let gone: CreatedHandler;
  let dead: CreatedHandler;
  let revived: CreatedHandler;
  let edited: CreatedHandler;
  let shaky: CreatedHandler;
  let lost: CreatedHandler;

  test.beforeAll(async ({ stack, receiver }) => {
    gone = await createHandler(stack, { name: 'gone', event: 'clients.create', target: `${receiver.url}/gone` });
    dead = await createHandler(stack, { name: 'dead', event: 'clients.update', target: `${receiver.url}/dead` });
    revived = await createHandler(stack, { name: 'revived', event: 'clients.update', target: `${receiver.url}/rev` });
    edited = await createHandler(stack, { name: 'edited', event: 'clients.update', target: `${receiver.url}/edit` });
    shaky = await createHandler(stack, { name: 'shaky', event: 'clients.archive', target: `${receiver.url}/shaky` });
    lost = await createHandler(stack, { name: 'lost', event: 'clients.delete', target: `${receiver.url}/lost` });
    await publish(stack);
  });

  test('a 410 Gone disables the handler at once, audited by the system, and publishes', async ({ stack, receiver }) => {
    receiver.setDefault('/gone', { status: 410, body: 'this endpoint is gone' });
    const before = await stack.api<{ version: number }>('GET', '/api/cache');
    const accepted = await emit(stack, { type: 'clients.create' });
    expect((await outcome(stack, accepted)).status).toBe('failed');

    // The attempt is logged as any other rejected call: once, failed, with the 410.
    const view = await execution(stack, accepted.executionId);
    expect(view.handlers[0]!.attempts.map((a) => [a.attempt, a.status, a.response?.status])).toEqual([
      [1, 'failed', 410],
    ]);

    const now = await handler(stack, gone.id);
    expect(now.status).toBe('disabled');
    expect(now.statusReason).toMatch(/^disabled by Hookline: the receiver answered 410 Gone at \d{4}-\d\d-\d\dT/);
    expect(now.version).toBe(gone.version + 1);

    const audit = await newestAudit(stack, gone.id);
    expect(audit).toMatchObject({
      actor: 'system',
      action: 'handler.update',
      before: { status: 'enabled', statusReason: null },
      after: { status: 'disabled', statusReason: now.statusReason },
    });

    // Published without anyone asking: a new snapshot, and nothing pending.
    await expect
      .poll(async () => (await stack.api<{ version: number; pendingChanges: boolean }>('GET', '/api/cache')).body, {
        timeout: 15_000,
      })
      .toMatchObject({ version: before.body.version + 1, pendingChanges: false });

    const second = await emit(stack, { type: 'clients.create' });
    const result = await outcome(stack, second);
    expect(result).toMatchObject({ status: 'succeeded', counts: { handlers: 0 } });
    expect(receiver.on('/gone')).toHaveLength(1);

    expect(toldOf(gone.id)).toEqual([{ kind: 'disabled', reason: now.statusReason }]);
    expect(told.find((c) => c.handlerId === gone.id)).toMatchObject({ handlerName: 'gone', event: 'clients.create' });
  });

  test('every call failing for HOOKLINE_DISABLE_AFTER_DAYS disables the handler; a success or an edit keeps it', async ({
    stack,
  }) => {
    const now = Date.now();
    const longAgo = new Date(now - 8 * DAY_MS);
    for (const h of [dead, revived]) await lastChanged(stack, h.id, longAgo);
    // Failing for six days, and still failing an hour ago.
    await seedCalls(stack, dead, [
      { at: new Date(now - 7 * DAY_MS), status: 'succeeded' },
      { at: new Date(now - 6 * DAY_MS), status: 'failed' },
      { at: new Date(now - 3 * DAY_MS), status: 'failed' },
      { at: new Date(now - HOUR_MS), status: 'failed' },
    ]);
    // The same, with one success two days ago.
    await seedCalls(stack, revived, [
      { at: new Date(now - 6 * DAY_MS), status: 'failed' },
      { at: new Date(now - 2 * DAY_MS), status: 'succeeded' },
      { at: new Date(now - HOUR_MS), status: 'failed' },
    ]);
    // Failing for six days too, but changed yesterday: the calls before the change say nothing of it now.
    await seedCalls(stack, edited, [
      { at: new Date(now - 6 * DAY_MS), status: 'failed' },
      { at: new Date(now - HOUR_MS), status: 'failed' },
    ]);
    await lastChanged(stack, edited.id, new Date(now - DAY_MS));

    const cacheBefore = (await stack.api<{ version: number }>('GET', '/api/cache')).body.version;
    const first = await runCheck(stack);
    expect(first.disabled).toEqual([dead.id]);
    expect(first.publishedVersion).toBe(cacheBefore + 1);

    const disabled = await handler(stack, dead.id);
    expect(disabled.status).toBe('disabled');
    expect(disabled.statusReason).toMatch(
      /^disabled by Hookline: every call failed for 5 days \(none succeeded since /
    );
    expect(await newestAudit(stack, dead.id)).toMatchObject({
      actor: 'system',
      before: { status: 'enabled' },
      after: { status: 'disabled' },
    });
    expect((await handler(stack, revived.id)).status).toBe('enabled');
    expect((await handler(stack, edited.id)).status).toBe('enabled');

    // Again: nothing more changes, and nothing more is told.
    const second = await runCheck(stack);
    expect(second).toEqual({ disabled: [], failing: [], recovered: [], publishedVersion: null });
    expect((await handler(stack, dead.id)).version).toBe(disabled.version);
    expect(toldOf(dead.id)).toEqual([{ kind: 'disabled', reason: disabled.statusReason }]);
    expect(toldOf(revived.id)).toEqual([]);
    expect(toldOf(edited.id)).toEqual([]);
  });

  test('a high failure share marks the handler failing, and a share back under the threshold recovers it', async ({
    stack,
  }) => {
    const now = Date.now();
    const recent = (i: number) => new Date(now - 30 * 60_000 + i * 1000);
    // 12 of 20 calls failed in the last hour: 60 %, over the default 50 % with the default 20 calls.
    await seedCalls(
      stack,
      shaky,
      Array.from({ length: 20 }, (_, i) => ({
        at: recent(i),
        status: i < 12 ? ('failed' as const) : ('succeeded' as const),
      }))
    );
    const versionBefore = (await handler(stack, shaky.id)).version;

    const marked = await runCheck(stack);
    expect(marked).toMatchObject({ disabled: [], failing: [shaky.id], recovered: [], publishedVersion: null });
    const failing = await handler(stack, shaky.id);
    expect(failing.status).toBe('enabled');
    expect(failing.failingSince).not.toBeNull();
    // A health mark, not a change of configuration: an editor's pending edit at the old version still applies.
    expect(failing.version).toBe(versionBefore);
    expect(await newestAudit(stack, shaky.id)).toMatchObject({ actor: 'system', action: 'handler.failing' });

    expect(await runCheck(stack)).toMatchObject({ disabled: [], failing: [], recovered: [] });
    expect((await handler(stack, shaky.id)).failingSince).toBe(failing.failingSince);

    // The health filter: failing, and disabled by the system.
    expect(await listed(stack, 'health=failing')).toEqual([shaky.id]);
    expect((await listed(stack, 'health=auto-disabled')).sort()).toEqual([gone.id, dead.id].sort());
    expect((await stack.api('GET', '/api/handlers?health=sickly')).status).toBe(400);

    // 30 more calls that succeeded: 12 of 50, back under the threshold.
    await seedCalls(
      stack,
      shaky,
      Array.from({ length: 30 }, (_, i) => ({ at: recent(30 + i), status: 'succeeded' as const }))
    );
    expect(await runCheck(stack)).toMatchObject({ disabled: [], failing: [], recovered: [shaky.id] });
    expect((await handler(stack, shaky.id)).failingSince).toBeNull();
    expect(await newestAudit(stack, shaky.id)).toMatchObject({ actor: 'system', action: 'handler.recovered' });
    expect(await runCheck(stack)).toMatchObject({ disabled: [], failing: [], recovered: [] });
    expect(await listed(stack, 'health=failing')).toEqual([]);

    expect(toldOf(shaky.id)).toEqual([
      { kind: 'failing', reason: '12 of 20 calls failed in the last 1 h (60 %, threshold 50 %)' },
      { kind: 'recovered', reason: '12 of 50 calls failed in the last 1 h: back under 50 %' },
    ]);
    expect(told.find((c) => c.handlerId === shaky.id)).toMatchObject({
      handlerName: 'shaky',
      event: 'clients.archive',
    });
  });

  test('the check disables a handler left enabled after a 410 Gone, once', async ({ stack }) => {
    // As if the worker had stopped between logging the 410 and disabling the handler, unchanged since.
    await lastChanged(stack, lost.id, new Date(Date.now() - HOUR_MS));
    await seedCalls(stack, lost, [{ at: new Date(Date.now() - 10 * 60_000), status: 'failed', responseStatus: 410 }]);
    const first = await runCheck(stack);
    expect(first.disabled).toEqual([lost.id]);
    expect(first.publishedVersion).not.toBeNull();
    const disabled = await handler(stack, lost.id);
    expect(disabled).toMatchObject({ status: 'disabled', version: lost.version + 1 });
    expect(disabled.statusReason).toMatch(/^disabled by Hookline: the receiver answered 410 Gone at /);
    expect(await runCheck(stack)).toMatchObject({ disabled: [], failing: [], recovered: [] });
    expect(toldOf(lost.id)).toEqual([{ kind: 'disabled', reason: disabled.statusReason }]);
  });

  test('a person setting the status clears the reason, and is audited as the person', async ({ stack }) => {
    const disabled = await handler(stack, gone.id);
    expect(disabled.statusReason).not.toBeNull();
    const patched = await stack.api<HandlerBody>('PATCH', `/api/handlers/${gone.id}`, {
      status: 'enabled',
      version: disabled.version,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ status: 'enabled', statusReason: null, version: disabled.version + 1 });
    const audit = await newestAudit(stack, gone.id);
    expect(audit.actor).not.toBe('system');
    expect(audit).toMatchObject({ before: { statusReason: disabled.statusReason }, after: { statusReason: null } });
    expect((await listed(stack, 'health=auto-disabled')).sort()).toEqual([dead.id, lost.id].sort());

    // Re-enabled today: the old failures before the change do not disable it again.
    expect(await runCheck(stack)).toMatchObject({ disabled: [] });
    expect((await handler(stack, gone.id)).status).toBe('enabled');
  });

  test('the listener was told of each change exactly once', () => {
    const keys = told.map((c) => `${c.kind}:${c.handlerId}`);
    expect(keys.sort()).toEqual(
      [
        `disabled:${gone.id}`,
        `disabled:${dead.id}`,
        `failing:${shaky.id}`,
        `recovered:${shaky.id}`,
        `disabled:${lost.id}`,
      ].sort()
    );
    for (const change of told) expect(Date.parse(change.at)).not.toBeNaN();
  });
});
